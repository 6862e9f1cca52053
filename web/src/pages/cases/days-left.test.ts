import { describe, expect, it } from 'vitest';
import { daysLeftUntil, urgencyOf } from './days-left.tsx';

describe('days left to a due moment', () => {
  it('counts calendar days in China Standard Time, as the server does', () => {
    // 23:59:59 CST on 15 March, seen at 00:30 CST on the same day and on the day before
    expect(daysLeftUntil('2026-03-15T15:59:59Z', new Date('2026-03-14T16:30:00Z'))).toBe(0);
    expect(daysLeftUntil('2026-03-15T15:59:59Z', new Date('2026-03-14T15:30:00Z'))).toBe(1);
    // a day after: overdue by one
    expect(daysLeftUntil('2026-03-15T15:59:59Z', new Date('2026-03-16T02:00:00Z'))).toBe(-1);
  });

  it('is overdue below zero and nearly due within three days', () => {
    expect(urgencyOf(-1)).toBe('overdue');
    expect(urgencyOf(0)).toBe('nearly-due');
    expect(urgencyOf(3)).toBe('nearly-due');
    expect(urgencyOf(4)).toBe('running');
  });
});
