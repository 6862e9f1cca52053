/**
 * The statutory clock's vocabulary: rules and calendars as data (rules/time-limits/*.yaml,
 * rules/calendars/*.yaml), and the ledger of a running period. See ../shared/spec/time-limits.md.
 */

/** A length of time. Components add up: 1.5 months is { months: 1, days: 15 } (half a month is 15 days). */
export interface Duration {
  hours?: number;
  days?: number;
  workingDays?: number;
  months?: number;
}

/** A legal source: the law's short name as in statutes/README.md, and the article (or clause) number. */
export interface LegalBasis {
  law: string;
  article: string;
}

/**
 * What happens when a day-based period's last day is not a working day.
 * - next-working-day: it moves to the first working day after (CPL 105, Civil Code 203, CivPL 85);
 * - next-working-day-unless-custody: the same, except while the person is in custody, when it stays (CPL 105);
 * - none: it stays (hour periods, working-day periods, backward periods).
 */
export type HolidayPolicy = 'next-working-day' | 'next-working-day-unless-custody' | 'none';

export interface Extension {
  /** Stable within the rule, e.g. "art156", "complex", "special". */
  id: string;
  name: { zh: string; en: string };
  /**
   * add: the length is added to the period (up to `length`; at least `minimum` when given);
   * total: the whole period becomes `length` from its start ("30 d in all").
   */
  kind: 'add' | 'total';
  length: Duration;
  minimum?: Duration;
  /**
   * For a "total" extension: the "add" extensions it takes in (CPL 91: the 30 days in all for gang suspects
   * include the special 1-4 days; they are not added on top). Other add extensions still add.
   */
  absorbs?: string[];
  /** Who approves, in Chinese (e.g. 上一级人民检察院批准). */
  approver: string;
  basis: LegalBasis[];
}

export interface TimeLimitRule {
  /** Exactly as in time-limits.md, e.g. "cpl.investigation.custody". */
  id: string;
  family: 'criminal' | 'public-security' | 'civil' | 'administrative' | 'mediation' | 'petition';
  name: { zh: string; en: string };
  /** The event that starts it, in code words (e.g. "arrest", "receipt-of-case"), and in Chinese. */
  startsOn: { event: string; zh: string };
  /** forward: the period ends `length` after its start; backward: the latest day is `length` before the event. */
  direction: 'forward' | 'backward';
  length: Duration;
  holiday: HolidayPolicy;
  extensions: Extension[];
  basis: LegalBasis[];
  /** Anything the numbers do not say (exceptions, "a new stage starts a new period"), in Chinese. */
  note?: string;
}

/** One official year: its days off and make-up working days, and the notice they come from. */
export interface CalendarYear {
  year: number;
  source: { title: string; document?: string; published?: string };
  /** Official days off (ISO dates, inclusive ranges); they may include weekend days. */
  holidays: { name: string; from: string; to: string }[];
  /** Make-up working days (调休上班日), ISO dates; each falls on a weekend. */
  workdays: string[];
}

/** A running period is a list of events; its due moment is computed from the list, never stored. */
export type LedgerEvent =
  | { type: 'started'; at: string; custody?: boolean }
  | { type: 'extension-granted'; at: string; extension: string; length?: Duration }
  | { type: 'paused'; at: string; reason?: string }
  | { type: 'resumed'; at: string }
  | { type: 'restarted'; at: string; reason?: string }
  | { type: 'custody-changed'; at: string; custody: boolean }
  | { type: 'stopped'; at: string; reason?: string }
  /** Replaces event number `replaces` (0-based, in the list as appended) without erasing it. */
  | { type: 'corrected'; at: string; replaces: number; event: Exclude<LedgerEvent, { type: 'corrected' }> };
