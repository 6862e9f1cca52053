// The client-side checks of the citizens' forms: the server's own limits and patterns
// (src/engine/public-intake/forms.ts) and the GB 11643 check it applies to ID numbers, so most mistakes are
// shown before sending; the server checks everything again.
import type { Rule } from 'antd/es/form/index.js';
import { MOBILE_PATTERN, PHONE_LAST4_PATTERN, PUBLIC_FORM_LIMITS } from '../../../../src/engine/public-intake/forms.ts';
import { validateResidentId } from '../../../../src/shared/gb11643.ts';
import type { PublicDict } from '../../i18n-public.ts';

export const LIMITS = PUBLIC_FORM_LIMITS;

// characters as the server counts them (code points: an emoji is one)
const length = (s: string) => [...s].length;

export function formRules(p: PublicDict) {
  const required: Rule = { required: true, whitespace: true, message: p.check.required };
  const max = (n: number): Rule => ({ validator: (_r, v: unknown) => (typeof v === 'string' && length(v) > n ? Promise.reject(new Error(p.check.tooLong(n))) : Promise.resolve()) });
  return {
    required,
    pick: { required: true, message: p.check.pick } as Rule,
    text: (n: number, optional = false): Rule[] => (optional ? [max(n)] : [required, max(n)]),
    phone: [required, { pattern: new RegExp(MOBILE_PATTERN), message: p.check.phone }] as Rule[],
    optionalPhone: [{ pattern: new RegExp(MOBILE_PATTERN), message: p.check.phone }] as Rule[],
    idNumber: [
      {
        validator: (_r, v: unknown) =>
          typeof v !== 'string' || v.trim() === '' || validateResidentId(v.trim().toUpperCase()).ok ? Promise.resolve() : Promise.reject(new Error(p.check.idNumber)),
      },
    ] as Rule[],
    consent: [{ validator: (_r, v: unknown) => (v === true ? Promise.resolve() : Promise.reject(new Error(p.check.consent))) }] as Rule[],
    last4: [required, { pattern: new RegExp(PHONE_LAST4_PATTERN), message: p.check.last4 }] as Rule[],
    code: [required, { validator: (_r, v: unknown) => (typeof v !== 'string' || /^[A-Za-z]{2}[0-9A-Za-z]{12}$/.test(v.replace(/[\s-]/g, '')) ? Promise.resolve() : Promise.reject(new Error(p.check.code))) }] as Rule[],
  };
}

/** An optional text as the server takes it: empty means not given. */
export const orNull = (v: string | undefined | null) => (v?.trim() ? v.trim() : null);
