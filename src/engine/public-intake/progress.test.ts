import { describe, expect, it } from 'vitest';
import { DISPUTE_STATES } from '../disputes/dispute-flow.ts';
import { GRID_EVENT_STATES } from '../grid-events/event-flow.ts';
import { PETITION_STATES } from '../petitions/petition-flow.ts';
import { type ProgressFacts, publicProgress, stateName } from './progress.ts';

const facts = (over: Partial<ProgressFacts> = {}): ProgressFacts => ({
  kind: 'petition', number: 'XF-1', trackingCode: 'XF0000000000000', state: 'routed', filedAt: '2026-03-01T17:30:00Z', closedAt: null,
  dueAt: '2026-03-20T15:59:59Z', handlingBody: { zh: '某县司法局', en: 'X Justice Bureau' }, outcome: null, caseStage: null,
  events: [
    { at: '2026-03-01T17:30:00Z', fromState: null, toState: 'received' },
    { at: '2026-03-03T02:00:00Z', fromState: 'received', toState: 'routed' },
    // an extension or a note changes no state: not a step
    { at: '2026-03-04T02:00:00Z', fromState: 'routed', toState: 'routed' },
  ],
  ...over,
});

describe('publicProgress', () => {
  it('names every state of each flow in both languages', () => {
    for (const [kind, states] of [['dispute', DISPUTE_STATES], ['petition', PETITION_STATES], ['grid-event', GRID_EVENT_STATES]] as const) {
      for (const s of states) {
        const n = stateName(kind, s);
        expect(n.zh).not.toBe(s);
        expect(n.en).not.toBe(s);
      }
    }
  });

  it('steps are the state changes, each on its China Standard Time day', () => {
    const p = publicProgress(facts());
    // 17:30 UTC is 01:30 the next day in Beijing
    expect(p.filedDay).toBe('2026-03-02');
    expect(p.steps).toEqual([
      { state: 'received', name: stateName('petition', 'received'), day: '2026-03-02' },
      { state: 'routed', name: stateName('petition', 'routed'), day: '2026-03-03' },
    ]);
    expect(p.dueDay).toBe('2026-03-20');
    expect(p.stateName.en).toMatch(/Passed/);
  });

  it('a closed matter owes nothing and tells its outcome', () => {
    const p = publicProgress(facts({ kind: 'dispute', state: 'closed', closedAt: '2026-04-01T02:00:00Z', outcome: 'resolved' }));
    expect(p).toMatchObject({ closed: true, closedDay: '2026-04-01', dueDay: null, outcome: { code: 'resolved', name: { zh: '纠纷已化解' } } });
  });

  it('carries only its own fields: nothing a fact of another name could add', () => {
    const p = publicProgress({ ...facts(), petitionerName: '张三' } as ProgressFacts);
    expect(JSON.stringify(p)).not.toContain('张三');
  });
});
