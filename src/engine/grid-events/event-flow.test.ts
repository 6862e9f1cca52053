import { describe, expect, it } from 'vitest';
import { Calendar } from '../clock/calendar.ts';
import { dayFromYmd, endOfCstDay } from '../clock/civil-date.ts';
import {
  GRID_EVENT_ACTIONS, GRID_EVENT_SIDES, GRID_EVENT_STATES, type GridEventFacts, type GridEventRules, type GridEventSide, type GridEventState,
  availableActions, countyCenterFor, dueOfPeriod, isDepartmentOfCounty, isOverdue, nextGridEventState, periodFor, sidesOf,
} from './event-flow.ts';

const TOWN = 'town-center';
const COUNTY = 'county-center';
const DEPT = 'police';
const base: GridEventFacts = { state: 'reported', townshipUnitId: TOWN, countyUnitId: null, responsibleUnitId: null, reportedBy: 'worker-1' };
const all = new Set<GridEventSide>(GRID_EVENT_SIDES);
const only = (s: GridEventSide) => new Set<GridEventSide>([s]);

describe('nextGridEventState (flows.md §6)', () => {
  it('handled locally: reported, accepted, handling, handled, verified, closed, rated', () => {
    expect(nextGridEventState(base, 'accept', only('township-center'))).toBe('accepted');
    expect(nextGridEventState({ ...base, state: 'accepted' }, 'handle-locally', only('township-center'))).toBe('handling');
    const local = { ...base, responsibleUnitId: TOWN };
    expect(nextGridEventState({ ...local, state: 'handling' }, 'record-handling', only('responsible-unit'))).toBe('handled');
    expect(nextGridEventState({ ...local, state: 'handled' }, 'verify', only('verifier'), true)).toBe('verified');
    expect(nextGridEventState({ ...local, state: 'handled' }, 'verify', only('verifier'), false)).toBe('handling');
    expect(nextGridEventState({ ...local, state: 'verified' }, 'close', only('township-center'))).toBe('closed');
    expect(nextGridEventState({ ...local, state: 'closed' }, 'rate', only('verifier'))).toBe('rated');
  });

  it('escalated: to the county center, which assigns a department', () => {
    expect(nextGridEventState({ ...base, state: 'accepted' }, 'escalate', only('township-center'))).toBe('escalated');
    const escalated = { ...base, state: 'escalated' as const, countyUnitId: COUNTY };
    expect(nextGridEventState(escalated, 'assign', only('county-center'))).toBe('handling');
    expect(nextGridEventState(escalated, 'assign', only('township-center'))).toEqual({ code: 'GRID_EVENT_WRONG_SIDE', side: 'county-center' });
  });

  it('the township may escalate what it handles itself, but not an event escalated already', () => {
    expect(nextGridEventState({ ...base, state: 'handling', responsibleUnitId: TOWN }, 'escalate', only('township-center'))).toBe('escalated');
    const atDepartment = { ...base, state: 'handling' as const, countyUnitId: COUNTY, responsibleUnitId: DEPT };
    expect(nextGridEventState(atDepartment, 'escalate', only('township-center'))).toEqual({ code: 'GRID_EVENT_WRONG_STATE', allowed: ['accepted', 'handling'] });
  });

  it('every other pair of state and action is refused, even to a caller on every side', () => {
    const allowed = new Set(['reported accept', 'accepted handle-locally', 'accepted escalate', 'escalated assign', 'handling record-handling', 'handled verify', 'verified close', 'closed rate']);
    for (const state of GRID_EVENT_STATES) {
      for (const action of GRID_EVENT_ACTIONS) {
        // an event that has been escalated, so that escalate from handling is refused here (tested above)
        const e: GridEventFacts = { ...base, state, countyUnitId: state === 'reported' || state === 'accepted' ? null : COUNTY, responsibleUnitId: DEPT };
        expect(typeof nextGridEventState(e, action, all) === 'string', `${state} ${action}`).toBe(allowed.has(`${state} ${action}`));
      }
    }
    expect(availableActions({ ...base, state: 'rated' }, all)).toEqual([]);
  });

  it('a side never takes another side’s step', () => {
    for (const action of GRID_EVENT_ACTIONS) {
      const sidesThatMay = GRID_EVENT_SIDES.filter((s) => {
        const r = nextGridEventState({ ...base, state: 'reported' }, action, only(s));
        return typeof r === 'string' || r.code !== 'GRID_EVENT_WRONG_SIDE';
      });
      expect(sidesThatMay, action).toHaveLength(1);
    }
  });
});

describe('sidesOf', () => {
  const escalated: GridEventFacts = { state: 'handling', townshipUnitId: TOWN, countyUnitId: COUNTY, responsibleUnitId: DEPT, reportedBy: 'worker-1' };
  it('a center’s handlers and head act for their center; a department’s for the events it was given', () => {
    expect([...sidesOf({ userId: 'u', unitId: TOWN, role: 'handler' }, escalated)]).toEqual(['township-center']);
    expect([...sidesOf({ userId: 'u', unitId: COUNTY, role: 'unit-head' }, escalated)]).toEqual(['county-center']);
    expect([...sidesOf({ userId: 'u', unitId: DEPT, role: 'handler' }, escalated)]).toEqual(['responsible-unit']);
    expect([...sidesOf({ userId: 'u', unitId: DEPT, role: 'supervisor' }, escalated)]).toEqual([]);
  });
  it('the reporting grid worker verifies their own report; for a citizen’s report, any grid worker of the township center', () => {
    expect([...sidesOf({ userId: 'worker-1', unitId: TOWN, role: 'grid-worker' }, escalated)]).toEqual(['verifier']);
    expect([...sidesOf({ userId: 'worker-2', unitId: TOWN, role: 'grid-worker' }, escalated)]).toEqual([]);
    expect([...sidesOf({ userId: 'worker-2', unitId: TOWN, role: 'grid-worker' }, { ...escalated, reportedBy: null })]).toEqual(['verifier']);
    expect([...sidesOf({ userId: 'worker-3', unitId: 'other-town', role: 'grid-worker' }, { ...escalated, reportedBy: null })]).toEqual([]);
  });
});

describe('escalation rule', () => {
  const units = [
    { id: 'tc', agency: 'governance-center', regionCode: '990102001' },
    { id: 'cc', agency: 'governance-center', regionCode: '990102' },
    { id: 'cc2', agency: 'governance-center', regionCode: '990103' },
    { id: 'pol', agency: 'police', regionCode: '990102' },
  ];
  it('a township goes to the governance center of its own county', () => {
    expect(countyCenterFor('990102', units)?.id).toBe('cc');
    expect(countyCenterFor('990199', units)).toBeNull();
  });
  it('the county center assigns a unit of its county (not itself, not the committee, not another county)', () => {
    expect(isDepartmentOfCounty('990102', 'cc', units[3]!)).toBe(true);
    expect(isDepartmentOfCounty('990102', 'cc', units[0]!)).toBe(true);
    expect(isDepartmentOfCounty('990102', 'cc', units[1]!)).toBe(false);
    expect(isDepartmentOfCounty('990102', 'cc', units[2]!)).toBe(false);
    expect(isDepartmentOfCounty('990102', 'cc', { id: 'k', agency: 'committee', regionCode: '990102' })).toBe(false);
  });
});

describe('periods and overdue', () => {
  const rules: GridEventRules = {
    basis: { zh: 'x', en: 'x' },
    categories: [],
    periods: { township: { accept: { hours: 24 }, handle: { workingDays: 5 } }, county: { assign: { workingDays: 2 }, handle: { workingDays: 10 } }, verify: { workingDays: 3 } },
    photosPerEvent: 20,
  };
  it('each state that owes a step has the period of its level; the others none', () => {
    expect(periodFor(rules, 'reported', false)).toEqual({ hours: 24 });
    expect(periodFor(rules, 'accepted', false)).toEqual({ workingDays: 5 });
    expect(periodFor(rules, 'escalated', true)).toEqual({ workingDays: 2 });
    expect(periodFor(rules, 'handling', false)).toEqual({ workingDays: 5 });
    expect(periodFor(rules, 'handling', true)).toEqual({ workingDays: 10 });
    expect(periodFor(rules, 'handled', true)).toEqual({ workingDays: 3 });
    for (const s of ['verified', 'closed', 'rated'] as GridEventState[]) expect(periodFor(rules, s, true)).toBeNull();
  });

  // 2026: National Day holiday 1–8 October; Saturday 10 October a make-up working day
  const calendar = new Calendar([
    { year: 2026, holidays: [{ from: '2026-10-01', to: '2026-10-08', name: '国庆节、中秋节' }], workdays: ['2026-09-20', '2026-10-10'], source: { title: 't', url: 'u', issued: '2025-11-04' } } as never,
  ]);
  it('hours run from the moment, through a holiday; working days skip it and end at 24:00 CST', () => {
    const from = Date.UTC(2026, 8, 30, 2, 30); // Wednesday 30 September 10:30 CST
    expect(dueOfPeriod(calendar, { hours: 24 }, from)).toEqual({ dueMs: from + 24 * 3_600_000, provisional: false });
    // 9 Oct (1), 10 Oct make-up Saturday (2)
    expect(dueOfPeriod(calendar, { workingDays: 2 }, from)).toEqual({ dueMs: endOfCstDay(dayFromYmd(2026, 10, 10)), provisional: false });
  });

  it('overdue only while a step is owed and its moment has passed', () => {
    expect(isOverdue('reported', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(isOverdue('reported', '2026-01-03T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe(false);
    expect(isOverdue('handled', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(isOverdue('closed', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe(false);
    expect(isOverdue('handling', null, '2026-01-02T00:00:00.000Z')).toBe(false);
  });
});
