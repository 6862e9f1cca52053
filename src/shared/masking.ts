// Masking of personal information for display (去标识化 by character masking, a technique of GB/T 37964-2019),
// and mainland phone formats. Every function counts Unicode code points, so a rare character outside the BMP
// in a name counts as one character.

const MASK = '*';
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const HYPHENATED_LANDLINE = /^(0\d{2,3})-(\d{7,8})$/;

/** Mainland mobile (1[3-9] + 9 digits) or landline (0 + 2-3 digit area code, optional '-', 7-8 digits), per the national numbering plan. */
export function validatePhone(s: string): boolean {
  return MOBILE.test(s) || LANDLINE.test(s);
}

/** Masks a resident ID number (GB 11643-1999) keeping the address code and the last 4: 110105********002X. */
export function maskResidentId(s: string): string;
export function maskResidentId(s: string | null | undefined): string | null;
export function maskResidentId(s: string | null | undefined): string | null {
  return s == null ? null : maskMiddle(s, 6, 4);
}

/** Masks a phone number: mobile keeps 3 + last 4 (138****5678), landline keeps the area code and last 4. */
export function maskPhone(s: string): string;
export function maskPhone(s: string | null | undefined): string | null;
export function maskPhone(s: string | null | undefined): string | null {
  if (s == null) return null;
  if (MOBILE.test(s)) return maskMiddle(s, 3, 4);
  if (LANDLINE.test(s)) return maskLandline(s);
  return maskMiddle(s, 3, 4);
}

/** Masks a person's name keeping only the first character: 张三丰 -> 张**. */
export function maskName(s: string): string;
export function maskName(s: string | null | undefined): string | null;
export function maskName(s: string | null | undefined): string | null {
  return s == null ? null : maskMiddle(s, 1, 0);
}

function maskLandline(s: string): string {
  const hyphenated = HYPHENATED_LANDLINE.exec(s);
  if (hyphenated) return `${hyphenated[1]}-${maskMiddle(hyphenated[2]!, 0, 4)}`;
  // Without a hyphen the area code's length tells: 010 and 020-029 have 3 digits, all others 4.
  const areaLength = s[1] === '1' || s[1] === '2' ? 3 : 4;
  return s.slice(0, areaLength) + maskMiddle(s.slice(areaLength), 0, 4);
}

/**
 * Replaces every character but the first `keepStart` and last `keepEnd` with '*'. A value too short for
 * that keeps at most a third at each end, so at least one character is always hidden.
 */
function maskMiddle(s: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(s);
  const n = chars.length;
  const tooShort = n <= keepStart + keepEnd;
  const start = tooShort ? Math.min(keepStart, Math.floor(n / 3)) : keepStart;
  const end = tooShort ? Math.min(keepEnd, Math.floor(n / 3)) : keepEnd;
  return chars.slice(0, start).join('') + MASK.repeat(n - start - end) + chars.slice(n - end).join('');
}
