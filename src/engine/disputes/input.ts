/**
 * Checks of what people type into a dispute, shared by the API schemas and by callers without one (the CSV/Excel
 * importer, the citizens' online form). Nothing is stripped silently: control characters and markup are refused
 * with the field named, emoji and any other printable character are kept (the web renders text as text). Pure.
 */
import { validateResidentId } from '../../shared/gb11643.ts';
import { validatePhone } from '../../shared/masking.ts';

export const DISPUTE_LIMITS = {
  name: 100,
  summary: 5000,
  note: 5000,
  terms: 10_000,
  address: 200,
  partiesMax: 20,
  amountMax: 100_000_000_000,
} as const;

export interface Problem {
  field: string;
  message: { zh: string; en: string };
}

// C0/C1 controls and lone surrogates; line breaks and tabs only where the field is multi-line
const CONTROL = /[\p{Cc}\p{Cs}]/u;
const CONTROL_BUT_BREAKS = /[^\P{Cc}\n\t]|\p{Cs}/u;
// an HTML tag or comment: text is never stored for rendering as markup
const MARKUP = /<\s*\/?\s*[a-zA-Z!?][^<>]*>|<!--|javascript:/i;

/** One text field: required or not, within its length in characters (code points), printable, no markup. */
export function checkText(value: unknown, field: string, max: number, opts: { multiline?: boolean; required?: boolean } = {}): Problem | null {
  if (value === undefined || value === null || value === '') {
    return opts.required === false ? null : { field, message: { zh: '必须填写', en: 'is required' } };
  }
  if (typeof value !== 'string') return { field, message: { zh: '必须是文本', en: 'must be text' } };
  if (value.trim() === '') return { field, message: { zh: '不能只有空白', en: 'must not be blank' } };
  const length = [...value].length;
  if (length > max) return { field, message: { zh: `不能超过 ${max} 个字符（现有 ${length} 个）`, en: `must be at most ${max} characters (has ${length})` } };
  if ((opts.multiline ? CONTROL_BUT_BREAKS : CONTROL).test(value)) {
    return { field, message: { zh: '含有不可见的控制字符，请删除后重新提交', en: 'contains invisible control characters; remove them and submit again' } };
  }
  if (MARKUP.test(value)) return { field, message: { zh: '不能包含 HTML 标签或脚本', en: 'must not contain HTML tags or scripts' } };
  return null;
}

export function checkPhone(value: unknown, field: string): Problem | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !validatePhone(value)) {
    return { field, message: { zh: '电话号码格式无效（手机 11 位或固定电话区号加号码）', en: 'invalid phone number (11-digit mobile, or area code and number)' } };
  }
  return null;
}

export function checkResidentId(value: unknown, field: string, today: Date): Problem | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !validateResidentId(value.toUpperCase(), today).ok) {
    return { field, message: { zh: '公民身份号码无效（GB 11643 校验未通过）', en: 'invalid resident ID number (GB 11643 check failed)' } };
  }
  return null;
}

export interface PartyInput {
  role: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: string;
  phone?: string | null | undefined;
  idNumber?: string | null | undefined;
  address?: string | null | undefined;
}

/** The parties of an intake: at least one applicant and one respondent; an applicant reachable by phone or ID. */
export function checkParties(parties: unknown, today: Date): Problem[] {
  if (!Array.isArray(parties) || parties.length === 0) return [{ field: 'parties', message: { zh: '须填写当事人', en: 'the parties are required' } }];
  if (parties.length > DISPUTE_LIMITS.partiesMax) return [{ field: 'parties', message: { zh: `当事人不能超过 ${DISPUTE_LIMITS.partiesMax} 个`, en: `at most ${DISPUTE_LIMITS.partiesMax} parties` } }];
  const problems: Problem[] = [];
  parties.forEach((p: Partial<PartyInput>, i) => {
    const at = `parties[${i}]`;
    if (p?.role !== 'applicant' && p?.role !== 'respondent') problems.push({ field: `${at}.role`, message: { zh: '须为申请人或被申请人', en: 'must be applicant or respondent' } });
    if (p?.kind !== 'person' && p?.kind !== 'organisation') problems.push({ field: `${at}.kind`, message: { zh: '须为自然人或组织', en: 'must be person or organisation' } });
    for (const problem of [
      checkText(p?.name, `${at}.name`, DISPUTE_LIMITS.name),
      checkPhone(p?.phone, `${at}.phone`),
      p?.kind === 'person' ? checkResidentId(p?.idNumber, `${at}.idNumber`, today) : checkText(p?.idNumber, `${at}.idNumber`, 18, { required: false }),
      checkText(p?.address, `${at}.address`, DISPUTE_LIMITS.address, { required: false }),
    ]) if (problem) problems.push(problem);
    if (p?.role === 'applicant' && !p.phone && !p.idNumber) {
      problems.push({ field: `${at}.phone`, message: { zh: '申请人须留电话或身份证号码，以便联系和识别重复受理', en: 'an applicant needs a phone or an ID number (to reach them, and to recognise the same matter)' } });
    }
  });
  if (problems.length === 0) {
    const roles = new Set(parties.map((p: PartyInput) => p.role));
    if (!roles.has('applicant')) problems.push({ field: 'parties', message: { zh: '须至少有一名申请人', en: 'at least one applicant is required' } });
    if (!roles.has('respondent')) problems.push({ field: 'parties', message: { zh: '须至少有一名被申请人', en: 'at least one respondent is required' } });
  }
  return problems;
}

export function checkAmount(value: unknown, field: string): Problem | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > DISPUTE_LIMITS.amountMax || Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
    return { field, message: { zh: '金额须为 0 至 1000 亿元之间、最多两位小数的数', en: 'must be an amount from 0 to 100 billion yuan with at most two decimals' } };
  }
  return null;
}
