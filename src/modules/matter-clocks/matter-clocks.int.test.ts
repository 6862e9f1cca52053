/**
 * Clocks of disputes, petitions and grid events against a migrated database: the stored due moment is the clock
 * engine's answer for the ledger kept, a second start is the same clock, and each refusal has its code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoCst } from '../../engine/clock/civil-date.ts';
import { computeDue } from '../../engine/clock/compute.ts';
import { type Clock, loadClock } from '../../rules/load-clock.ts';
import { type TestDb, createTestDb } from '../../../test/db.ts';
import { extendMatterClock, matterClocks, pauseMatterClock, reassignMatterClocks, resumeMatterClock, startMatterClock, stopMatterClock } from './matter-clocks.ts';

let t: TestDb;
let clock: Clock;
const AT = '2026-03-02T09:30:00.000Z';
const LATER = '2026-03-20T01:00:00.000Z';

beforeAll(async () => {
  t = await createTestDb({ demo: true });
  clock = loadClock('/nonexistent');
});

afterAll(async () => {
  await t?.close();
});

const due = (ruleId: string, ledger: Parameters<typeof computeDue>[1]) => new Date(computeDue(clock.rules.get(ruleId)!, ledger, clock).dueMs!).toISOString();
const cst = (iso: string) => isoCst(Date.parse(iso));

describe('matter clocks', () => {
  it('start keeps the engine’s due moment; a second start while it runs is the same clock', async () => {
    const petition = randomUUID();
    const a = await t.db.transaction((tx) => startMatterClock(tx, clock, { kind: 'petition', matterId: petition, ruleId: 'petition.handle', unitId: null, at: AT }));
    expect(a).toMatchObject({ kind: 'petition', matterId: petition, ruleId: 'petition.handle', state: 'running', startedAt: AT });
    expect(a.name.zh).toBe(clock.rules.get('petition.handle')!.name.zh);
    expect(a.dueAt).toBe(due('petition.handle', [{ type: 'started', at: cst(AT) }]));
    const b = await t.db.transaction((tx) => startMatterClock(tx, clock, { kind: 'petition', matterId: petition, ruleId: 'petition.handle', unitId: null, at: LATER }));
    expect(b.id).toBe(a.id);
    expect(b.dueAt).toBe(a.dueAt);
  });

  it('an extension moves the due moment as the rule says; pause and resume; stop ends it and a new start is a new clock', async () => {
    const petition = randomUUID();
    const ref = { kind: 'petition' as const, matterId: petition, ruleId: 'petition.handle' };
    const started = await t.db.transaction((tx) => startMatterClock(tx, clock, { ...ref, unitId: null, at: AT }));
    const extended = await t.db.transaction((tx) => extendMatterClock(tx, clock, { ...ref, extensionId: 'complex', at: LATER }));
    expect(extended.dueAt).toBe(due('petition.handle', [{ type: 'started', at: cst(AT) }, { type: 'extension-granted', at: cst(LATER), extension: 'complex' }]));
    expect(Date.parse(extended.dueAt!)).toBeGreaterThan(Date.parse(started.dueAt!));
    const paused = await t.db.transaction((tx) => pauseMatterClock(tx, clock, { ...ref, at: '2026-03-21T01:00:00.000Z', reason: 'appraisal' }));
    expect(paused.state).toBe('paused');
    const resumed = await t.db.transaction((tx) => resumeMatterClock(tx, clock, { ...ref, at: '2026-03-25T01:00:00.000Z' }));
    expect(resumed.state).toBe('running');
    expect(Date.parse(resumed.dueAt!)).toBeGreaterThan(Date.parse(extended.dueAt!));
    await t.db.transaction((tx) => stopMatterClock(tx, clock, { kind: 'petition', matterId: petition, at: '2026-04-01T01:00:00.000Z' }));
    // stopping again does nothing
    await t.db.transaction((tx) => stopMatterClock(tx, clock, { ...ref, at: '2026-04-02T01:00:00.000Z' }));
    const list = await matterClocks(t.db, clock, 'petition', petition);
    expect(list.map((c) => [c.state, c.stoppedAt])).toEqual([['stopped', '2026-04-01T01:00:00.000Z']]);
    const again = await t.db.transaction((tx) => startMatterClock(tx, clock, { ...ref, unitId: null, at: '2026-04-03T01:00:00.000Z' }));
    expect(again.id).not.toBe(started.id);
    expect((await matterClocks(t.db, clock, 'petition', petition)).length).toBe(2);
  });

  it('a routed matter’s live clocks answer to the new unit; stopped ones keep theirs', async () => {
    const dispute = randomUUID();
    const [unit] = await t.db.query<{ id: string }>("SELECT id FROM unit WHERE agency = 'governance-center' ORDER BY code LIMIT 1");
    await t.db.transaction(async (tx) => {
      await startMatterClock(tx, clock, { kind: 'dispute', matterId: dispute, ruleId: 'civ.judicial-confirmation.apply', unitId: null, at: AT });
      await startMatterClock(tx, clock, { kind: 'dispute', matterId: dispute, ruleId: 'civ.judicial-confirmation.decide', unitId: null, at: AT });
      await stopMatterClock(tx, clock, { kind: 'dispute', matterId: dispute, ruleId: 'civ.judicial-confirmation.apply', at: LATER });
      await reassignMatterClocks(tx, { kind: 'dispute', matterId: dispute, unitId: unit!.id });
    });
    const list = await matterClocks(t.db, clock, 'dispute', dispute);
    expect(Object.fromEntries(list.map((c) => [c.ruleId, c.unitId]))).toEqual({ 'civ.judicial-confirmation.apply': null, 'civ.judicial-confirmation.decide': unit!.id });
  });

  it('refuses an unknown rule, an extension the rule lacks, and a change to a clock that does not run — writing nothing', async () => {
    const matterId = randomUUID();
    const code = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code);
    expect(await code(t.db.transaction((tx) => startMatterClock(tx, clock, { kind: 'petition', matterId, ruleId: 'petition.nonsense', unitId: null, at: AT })))).toBe('RULE_UNKNOWN');
    expect(await code(t.db.transaction((tx) => extendMatterClock(tx, clock, { kind: 'petition', matterId, ruleId: 'petition.handle', extensionId: 'complex', at: AT })))).toBe(
      'CLOCK_NOT_RUNNING',
    );
    await t.db.transaction((tx) => startMatterClock(tx, clock, { kind: 'petition', matterId, ruleId: 'petition.route', unitId: null, at: AT }));
    expect(await code(t.db.transaction((tx) => extendMatterClock(tx, clock, { kind: 'petition', matterId, ruleId: 'petition.route', extensionId: 'complex', at: AT })))).toBe(
      'EXTENSION_UNKNOWN',
    );
    expect(await code(t.db.transaction((tx) => pauseMatterClock(tx, clock, { kind: 'petition', matterId, ruleId: 'petition.handle', at: AT })))).toBe('CLOCK_NOT_RUNNING');
    expect((await matterClocks(t.db, clock, 'petition', matterId)).map((c) => c.ruleId)).toEqual(['petition.route']);
  });

  it('the database holds one live clock per matter and rule', async () => {
    const matterId = randomUUID();
    const insert = `INSERT INTO matter_clock (matter_kind, matter_id, rule_id, ledger, state, started_at) VALUES ('grid-event', $1, 'petition.route', '[]', 'running', now())`;
    await t.db.query(insert, [matterId]);
    await expect(t.db.query(insert, [matterId])).rejects.toThrow();
  });
});
