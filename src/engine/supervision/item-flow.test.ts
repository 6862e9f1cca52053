import { describe, expect, it } from 'vitest';
import { Calendar } from '../clock/calendar.ts';
import { dayFromYmd, endOfCstDay } from '../clock/civil-date.ts';
import { ITEM_ACTIONS, ITEM_STATES, ITEM_STATE_NAMES, actOnItemFacts, availableActions, dueAfterWorkingDays, isOverdue, nextItemState } from './item-flow.ts';

describe('nextItemState (flows.md §2)', () => {
  it('the main path: open, assigned, rectifying, reported, closed', () => {
    expect(nextItemState('open', 'assign', 'committee')).toBe('assigned');
    expect(nextItemState('assigned', 'accept', 'assignee')).toBe('rectifying');
    expect(nextItemState('rectifying', 'report', 'assignee')).toBe('reported');
    expect(nextItemState('reported', 'verify', 'committee', true)).toBe('closed');
    expect(nextItemState('reported', 'verify', 'committee', false)).toBe('rectifying');
  });

  it('a follow-up keeps the state; a comment too, from either side', () => {
    expect(nextItemState('assigned', 'follow-up', 'committee')).toBe('assigned');
    expect(nextItemState('rectifying', 'follow-up', 'committee')).toBe('rectifying');
    expect(nextItemState('reported', 'comment', 'assignee')).toBe('reported');
    expect(nextItemState('open', 'comment', 'committee')).toBe('open');
  });

  it('every other pair of state and action is refused, and a side never takes the other side’s step', () => {
    const allowed = new Set([
      'open assign committee', 'assigned accept assignee', 'rectifying report assignee', 'reported verify committee',
      'assigned follow-up committee', 'rectifying follow-up committee',
      ...['open', 'assigned', 'rectifying', 'reported'].flatMap((s) => [`${s} comment committee`, `${s} comment assignee`]),
    ]);
    for (const state of ITEM_STATES) {
      for (const action of ITEM_ACTIONS) {
        for (const side of ['committee', 'assignee'] as const) {
          const r = nextItemState(state, action, side);
          expect(typeof r === 'string', `${state} ${action} ${side}`).toBe(allowed.has(`${state} ${action} ${side}`));
        }
      }
    }
    expect(nextItemState('closed', 'comment', 'committee')).toEqual({ code: 'SUPERVISION_WRONG_STATE', allowed: ['open', 'assigned', 'rectifying', 'reported'] });
    expect(nextItemState('assigned', 'accept', 'committee')).toEqual({ code: 'SUPERVISION_WRONG_SIDE', side: 'assignee' });
  });
});

describe('availableActions, the class parent and overdue', () => {
  const item = (state: (typeof ITEM_STATES)[number], more: { source?: string; parentId?: string | null } = {}) => ({ state, source: more.source ?? 'warning', parentId: more.parentId ?? null });

  it('lists exactly the actions nextItemState allows the side', () => {
    for (const state of ITEM_STATES) {
      for (const side of ['committee', 'assignee'] as const) {
        expect(availableActions(item(state), side)).toEqual(ITEM_ACTIONS.filter((a) => typeof nextItemState(state, a, side) === 'string'));
      }
      expect(availableActions(item(state), null)).toEqual([]);
    }
    expect(availableActions(item('rectifying'), 'assignee')).toEqual(['report', 'comment']);
    expect(availableActions(item('closed'), 'committee')).toEqual([]);
  });

  it("a class remediation's parent takes comments only; its items per unit follow the flow", () => {
    expect(availableActions(item('assigned', { source: 'class' }), 'committee')).toEqual(['comment']);
    expect(actOnItemFacts(item('assigned', { source: 'class' }), 'follow-up', 'committee')).toEqual({ code: 'SUPERVISION_CLASS_PARENT' });
    expect(availableActions(item('assigned', { source: 'class', parentId: 'p' }), 'committee')).toEqual(['follow-up', 'comment']);
  });

  it('is overdue past its date only while the unit owes an answer', () => {
    const now = '2026-05-01T00:00:00.000Z';
    const past = '2026-04-30T15:59:59.999Z';
    expect(ITEM_STATES.filter((state) => isOverdue({ state, dueAt: past }, now))).toEqual(['assigned', 'rectifying']);
    expect(isOverdue({ state: 'assigned', dueAt: now }, now)).toBe(false);
    expect(isOverdue({ state: 'assigned', dueAt: null }, now)).toBe(false);
  });

  it('every state has a name in both languages', () => {
    for (const state of ITEM_STATES) expect(ITEM_STATE_NAMES[state].zh && ITEM_STATE_NAMES[state].en).toBeTruthy();
  });
});

describe('dueAfterWorkingDays', () => {
  // 2026: National Day holiday 1–8 October (rules/calendars/2026.yaml); Saturday 10 October a make-up working day
  const calendar = new Calendar([
    { year: 2026, holidays: [{ from: '2026-10-01', to: '2026-10-08', name: '国庆节、中秋节' }], workdays: ['2026-09-20', '2026-10-10'], source: { title: 't', url: 'u', issued: '2025-11-04' } } as never,
  ]);
  it('counts working days from the next day, skipping the holiday, and ends at 24:00 CST', () => {
    // Tuesday 29 September 2026 at 10:00 CST: 30 Sept (1), 9 Oct (2), 10 Oct make-up Saturday (3)
    const from = Date.UTC(2026, 8, 29, 2, 0);
    const r = dueAfterWorkingDays(calendar, from, 3);
    expect(r).toEqual({ dueMs: endOfCstDay(dayFromYmd(2026, 10, 10)), provisional: false });
    expect(new Date(r.dueMs).toISOString()).toBe('2026-10-10T15:59:59.000Z');
  });
  it('is provisional when it runs into a year not loaded', () => {
    expect(dueAfterWorkingDays(calendar, Date.UTC(2026, 11, 28, 2), 5).provisional).toBe(true);
  });
});
