/**
 * The citizens' forms (issue 6 part 4): their limits, shared by the server's schemas and the web pages' checks,
 * and the checks the server makes beyond a schema. Text is kept as typed (emoji too) or refused with the field
 * named — never cleaned silently: control characters and markup are refused the way the dispute intake refuses
 * them (src/engine/disputes/input.ts), so the three forms answer alike. Pure.
 */
import { DISPUTE_LIMITS, type Problem, checkText } from '../disputes/input.ts';

/** Lengths in characters (code points). The web reads these too (web/src/pages/public/). */
export const PUBLIC_FORM_LIMITS = {
  name: 50,
  /** a dispute's or grid event's description; the dispute intake's own limit */
  summary: DISPUTE_LIMITS.summary,
  /** a petition's content: what the petitioner asks and why */
  content: 5000,
  subject: 200,
  respondent: 200,
  address: 200,
  phone: 20,
} as const;

/** Mainland mobile number: what the web checks before sending (the server also takes landlines). */
export const MOBILE_PATTERN = '^1[3-9][0-9]{9}$';
/** The last four digits of a phone, as a lookup quotes them. */
export const PHONE_LAST4_PATTERN = '^[0-9]{4}$';

export type FormProblem = Problem;

/** The free-text fields of a form, each with its limit; refusals name the field. */
export function checkFormTexts(fields: readonly { field: string; value: unknown; max: number; multiline?: boolean; required?: boolean }[]): FormProblem[] {
  return fields
    .map((f) => checkText(f.value, f.field, f.max, { multiline: f.multiline ?? false, required: f.required ?? true }))
    .filter((p): p is FormProblem => p !== null);
}

/** Consent to the use of the personal data given (个人信息保护法 art. 14) must be given in so many words. */
export function checkConsent(consent: unknown): FormProblem | null {
  return consent === true
    ? null
    : { field: 'consent', message: { zh: '须同意为办理本事项使用所填个人信息', en: 'you must agree to the use of the personal data given for handling this matter' } };
}

/**
 * The text a submission key is computed over: the form's fields in a fixed order, trimmed, with the day it was
 * sent (China Standard Time). The same form sent twice on one day is one submission; the same words on another
 * day are a new one (the matter checks of each module then decide whether it is the same matter).
 */
export function submissionText(kind: string, day: string, fields: Readonly<Record<string, unknown>>): string {
  const norm = (v: unknown): unknown => (typeof v === 'string' ? v.trim().normalize('NFC') : Array.isArray(v) ? v.map(norm) : v !== null && typeof v === 'object' ? sorted(v as Record<string, unknown>) : v);
  const sorted = (o: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, norm(o[k])]));
  return JSON.stringify([kind, day, sorted(fields)]);
}

/**
 * Whether a lookup's four digits are the last four of a phone given with the matter (the repository reads only
 * those four digits of each phone, never the whole number).
 */
export function matchesPhoneLast4(storedLast4: readonly (string | null)[], given: string): boolean {
  return /^[0-9]{4}$/.test(given) && storedLast4.some((s) => s === given);
}
