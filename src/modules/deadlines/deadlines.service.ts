import { type DueResult, computeDue } from '../../engine/clock/compute.ts';
import type { Duration, LedgerEvent, TimeLimitRule } from '../../engine/clock/types.ts';
import type { Clock } from '../../rules/load-clock.ts';
import { AppError } from '../../shared/errors.ts';

export interface DeadlineQuestion {
  rule: string;
  /** When the starting event happened (YYYY-MM-DDTHH:mm, China Standard Time unless an offset is given). */
  start?: string;
  custody?: boolean;
  extend?: { id: string; length?: Duration }[];
  /** A whole ledger instead of start/extend: started, extension-granted, paused, resumed, restarted, … */
  events?: LedgerEvent[];
}

export function findRule(clock: Clock, id: string): TimeLimitRule {
  const rule = clock.rules.get(id);
  if (!rule) {
    throw new AppError('RULE_UNKNOWN', { rule: id }, { en: `no time-limit rule "${id}"`, zh: `没有期限规则「${id}」` });
  }
  return rule;
}

/**
 * Answers a one-off question ("arrested at …, extended under art. 156: when does custody end?") or computes
 * the due moment of a ledger. Extensions given with start are granted at the start; their order does not
 * change the result of adding them.
 */
export function answerDeadline(clock: Clock, q: DeadlineQuestion): DueResult {
  const rule = findRule(clock, q.rule);
  let events: LedgerEvent[];
  if (q.events && q.events.length > 0) {
    if (q.start !== undefined || q.extend?.length) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'events', message: { zh: '给出事件台账时不能再给 start 或 extend', en: 'give either events, or start and extend' } }]);
    }
    events = q.events;
  } else {
    if (!q.start) throw new AppError('VALIDATION_FAILED', [{ field: 'start', message: { zh: '缺少起算时刻 start', en: 'start is required without events' } }]);
    events = [
      { type: 'started', at: q.start, custody: q.custody ?? false },
      ...(q.extend ?? []).map((e): LedgerEvent => ({ type: 'extension-granted', at: q.start!, extension: e.id, ...(e.length ? { length: e.length } : {}) })),
    ];
  }
  return computeDue(rule, events, clock, q.events && q.custody !== undefined ? { custody: q.custody } : {});
}

const AMOUNT = /^(\d{1,4})(h|d|wd|m)$/;
const UNIT: Record<string, keyof Duration> = { h: 'hours', d: 'days', wd: 'workingDays', m: 'months' };

/** "art156" or "special=2d": an extension id with an optional amount (h, d, wd, m). */
export function parseExtensionArg(arg: string): { id: string; length?: Duration } {
  const [id, amount, ...rest] = arg.split('=');
  if (!id || rest.length > 0) throw new AppError('EXTENSION_UNKNOWN', { extension: arg }, { en: `"${arg}" is not an extension (id or id=amount)`, zh: `「${arg}」不是有效的延长（写作 id 或 id=长度）` });
  if (amount === undefined) return { id };
  const m = AMOUNT.exec(amount);
  if (!m) throw new AppError('EXTENSION_OUT_OF_RANGE', { extension: arg }, { en: `"${amount}" is not an amount like 2d, 1m, 24h or 5wd`, zh: `「${amount}」不是有效的长度（如 2d、1m、24h、5wd）` });
  return { id, length: { [UNIT[m[2]!]!]: Number(m[1]) } };
}
