import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISPUTE_ACTIONS, DISPUTE_FLOW, DISPUTE_STATES, DISPUTE_STATE_NAMES, type DisputeState, type FlowFacts, availableActions, isFinal, nextDisputeState, outcomesFrom } from './dispute-flow.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 2);
const facts = (over: Partial<FlowFacts> = {}): FlowFacts => ({
  confirmationAccepted: false, closedOutcome: null, satisfaction: null, closedAtMs: null, nowMs: NOW, reopenWithinDays: 90, handlingUnitId: 'u1', ...over,
});

describe('nextDisputeState (flows.md §3)', () => {
  it('the main path with judicial confirmation: intake to followed-up', () => {
    const path: Array<[DisputeState, (typeof DISPUTE_ACTIONS)[number], 'holder' | 'court', Partial<FlowFacts>, DisputeState]> = [
      ['intake', 'assess', 'holder', {}, 'assessed'],
      ['assessed', 'route', 'holder', {}, 'routed'],
      ['routed', 'session', 'holder', {}, 'handling'],
      ['handling', 'session', 'holder', {}, 'handling'],
      ['handling', 'agree', 'holder', {}, 'agreement'],
      ['agreement', 'request-confirmation', 'holder', {}, 'confirmation-requested'],
      ['confirmation-requested', 'accept-confirmation', 'court', { decision: true }, 'confirmation-requested'],
      ['confirmation-requested', 'decide-confirmation', 'court', { decision: true, confirmationAccepted: true }, 'confirmed'],
      ['confirmed', 'close', 'holder', { outcome: 'resolved' }, 'closed'],
      ['closed', 'visit', 'holder', {}, 'followed-up'],
    ];
    for (const [from, action, side, f, to] of path) expect(nextDisputeState(from, action, side, facts(f)), `${from} ${action}`).toBe(to);
  });

  it('the court may refuse to accept, or refuse to confirm; then the dispute closes not resolved', () => {
    expect(nextDisputeState('confirmation-requested', 'accept-confirmation', 'court', facts({ decision: false }))).toBe('refused');
    expect(nextDisputeState('confirmation-requested', 'decide-confirmation', 'court', facts({ decision: false, confirmationAccepted: true }))).toBe('refused');
    expect(nextDisputeState('refused', 'close', 'holder', facts({ outcome: 'resolved' }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'outcome-fits' });
    expect(nextDisputeState('refused', 'close', 'holder', facts({ outcome: 'not-resolved-referred' }))).toBe('closed');
  });

  it('a decision before acceptance, or without an answer, is refused by name', () => {
    expect(nextDisputeState('confirmation-requested', 'decide-confirmation', 'court', facts({ decision: true }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'confirmation-accepted' });
    expect(nextDisputeState('confirmation-requested', 'accept-confirmation', 'court', facts())).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'decision-given' });
    expect(nextDisputeState('confirmation-requested', 'accept-confirmation', 'court', facts({ decision: true, confirmationAccepted: true }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'confirmation-pending' });
    expect(availableActions('confirmation-requested', 'court', facts({ confirmationAccepted: true }))).toEqual(['decide-confirmation', 'note']);
  });

  it('sides: the court decides, the holder mediates, an overseer follows up', () => {
    expect(nextDisputeState('confirmation-requested', 'decide-confirmation', 'holder', facts({ decision: true, confirmationAccepted: true }))).toEqual({ code: 'DISPUTE_WRONG_SIDE', side: 'court' });
    expect(nextDisputeState('handling', 'agree', 'court', facts())).toEqual({ code: 'DISPUTE_WRONG_SIDE', side: 'holder' });
    expect(nextDisputeState('handling', 'follow-up', 'overseer', facts())).toBe('handling');
    expect(nextDisputeState('handling', 'follow-up', 'holder', facts())).toEqual({ code: 'DISPUTE_WRONG_SIDE', side: 'overseer' });
    expect(nextDisputeState('handling', 'note', 'court', facts())).toBe('handling');
  });

  it('wrong states are refused with the states allowed', () => {
    expect(nextDisputeState('intake', 'route', 'holder', facts())).toEqual({ code: 'DISPUTE_WRONG_STATE', allowed: ['assessed', 'routed'] });
    expect(nextDisputeState('closed', 'withdraw', 'holder', facts())).toMatchObject({ code: 'DISPUTE_WRONG_STATE' });
    expect(nextDisputeState('withdrawn', 'note', 'holder', facts())).toMatchObject({ code: 'DISPUTE_WRONG_STATE' });
  });

  it('reopen: only a resolved close, within the window', () => {
    const resolved = { closedOutcome: 'resolved' as const, closedAtMs: NOW - 10 * DAY };
    expect(nextDisputeState('closed', 'reopen', 'holder', facts(resolved))).toBe('closed');
    expect(nextDisputeState('followed-up', 'reopen', 'holder', facts(resolved))).toBe('followed-up');
    expect(nextDisputeState('closed', 'reopen', 'holder', facts({ ...resolved, closedAtMs: NOW - 91 * DAY }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'resolved-recently' });
    expect(nextDisputeState('closed', 'reopen', 'holder', facts({ ...resolved, closedOutcome: 'not-resolved-referred' }))).toMatchObject({ predicate: 'resolved-recently' });
  });

  it('a rating is given once', () => {
    expect(nextDisputeState('followed-up', 'rate', 'holder', facts())).toBe('followed-up');
    expect(nextDisputeState('followed-up', 'rate', 'holder', facts({ satisfaction: 4 }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'not-rated' });
  });

  it('a session needs a handling unit', () => {
    expect(nextDisputeState('routed', 'session', 'holder', facts({ handlingUnitId: null }))).toEqual({ code: 'DISPUTE_CONDITION_UNMET', predicate: 'has-handling-unit' });
  });

  it('outcomes by state: resolved only with an agreement standing', () => {
    expect(outcomesFrom('agreement')).toEqual(['resolved']);
    expect(outcomesFrom('no-agreement')).toEqual(['not-resolved-referred']);
    expect(outcomesFrom('handling')).toEqual([]);
  });

  it('availableActions lists what the side may do now', () => {
    expect(availableActions('handling', 'holder', facts())).toEqual(['session', 'agree', 'no-agreement', 'withdraw', 'note']);
    expect(availableActions('confirmation-requested', 'court', facts())).toEqual(['accept-confirmation', 'note']);
    expect(availableActions('withdrawn', 'holder', facts())).toEqual([]);
  });
});

describe('the table is closed', () => {
  it('every action names known states and every state but the final ones has a way on', () => {
    for (const a of DISPUTE_ACTIONS) {
      for (const s of DISPUTE_FLOW[a].from) expect(DISPUTE_STATES).toContain(s);
    }
    for (const s of DISPUTE_STATES) {
      const leaves = DISPUTE_ACTIONS.some((a) => DISPUTE_FLOW[a].from.includes(s) && DISPUTE_FLOW[a].to !== 'same');
      expect({ s, leaves }).toEqual({ s, leaves: !isFinal(s) });
    }
  });

  it('every state has a name in both languages', () => {
    expect(Object.keys(DISPUTE_STATE_NAMES).sort()).toEqual([...DISPUTE_STATES].sort());
  });

  it('property: any action from any state answers a known state or a refusal, never anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DISPUTE_STATES),
        fc.constantFrom(...DISPUTE_ACTIONS),
        fc.constantFrom('holder' as const, 'court' as const, 'overseer' as const),
        fc.record({ decision: fc.option(fc.boolean(), { nil: undefined }), confirmationAccepted: fc.boolean(), outcome: fc.option(fc.constantFrom('resolved' as const, 'not-resolved-referred' as const), { nil: undefined }), satisfaction: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }) }),
        (state, action, side, f) => {
          const next = nextDisputeState(state, action, side, facts(f));
          if (typeof next === 'string') {
            expect(DISPUTE_STATES).toContain(next);
            expect(DISPUTE_FLOW[action].from).toContain(state);
          } else {
            expect(['DISPUTE_WRONG_STATE', 'DISPUTE_WRONG_SIDE', 'DISPUTE_CONDITION_UNMET']).toContain(next.code);
          }
        },
      ),
    );
  });

  it('property: nothing leaves a final state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DISPUTE_STATES.filter(isFinal)), fc.constantFrom(...DISPUTE_ACTIONS), (state, action) => {
        const next = nextDisputeState(state, action, 'holder', facts({ decision: true, outcome: 'resolved', closedOutcome: 'resolved', closedAtMs: NOW }));
        expect(typeof next !== 'string' || next === state).toBe(true);
      }),
    );
  });
});
