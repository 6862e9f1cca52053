// Citizen identification number (公民身份号码), GB 11643-1999.
// Layout (clause 5.1): 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit sequence
// (odd for men, even for women), 1 check character.

export type ResidentIdRejection = 'length' | 'format' | 'birth-date' | 'check-digit';

export type ResidentIdValidation =
  | { ok: true; value: string }
  | { ok: false; reason: ResidentIdRejection };

const LENGTH = 18;
const EARLIEST_BIRTH_YEAR = 1900;
// GB 11643-1999 clause 5.5, weights Wi = 2^(i-1) mod 11 for positions 18..2.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Check character for each value of (sum mod 11), ISO 7064 MOD 11-2.
const CHECK_CHARS = '10X98765432';
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Check character for the first 17 digits, GB 11643-1999 clause 5.5 (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new Error(`residentIdCheckChar: expected 17 digits, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += Number(first17[i]) * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

/** Validates an 18-character resident ID number per GB 11643-1999 clause 5; 'x' is normalised to 'X'. */
export function validateResidentId(s: string, today: Date = new Date()): ResidentIdValidation {
  if (s.length !== LENGTH) return { ok: false, reason: 'length' };
  const value = s.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'format' };
  if (!isPlausibleBirthDate(value.slice(6, 14), today)) return { ok: false, reason: 'birth-date' };
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'check-digit' };
  return { ok: true, value };
}

/** Clause 5.3 (dates per GB/T 7408): a real calendar date, in or after 1900, and not after `today`. */
function isPlausibleBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return yyyymmdd <= chinaCalendarDate(today);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Numbers are issued in China, so "today" is the calendar day in UTC+8 whatever the server's zone.
function chinaCalendarDate(instant: Date): string {
  const shifted = new Date(instant.getTime() + CHINA_UTC_OFFSET_MS);
  const y = String(shifted.getUTCFullYear()).padStart(4, '0');
  const m = String(shifted.getUTCMonth() + 1).padStart(2, '0');
  const d = String(shifted.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}
