/**
 * The statutory clocks of matters that are not criminal cases — disputes, petitions, grid events — as ledgers of
 * the clock engine, like a case's clocks (src/modules/cases/case-clocks.ts): appended to, never rewritten, the due
 * moment the engine's answer. The matter's service decides when a clock starts, extends, pauses or stops (from its
 * flow's rules); this module keeps the ledger and the stored due moment for lists, inboxes and warning models.
 */
import type { Queryable } from '../../db/client.ts';
import type { LedgerEvent, TimeLimitRule } from '../../engine/clock/types.ts';
import type { Clock } from '../../rules/load-clock.ts';
import { AppError } from '../../shared/errors.ts';
import { evaluateLedger, ledgerMoment } from '../cases/case-clocks.ts';
import { iso } from '../cases/cases.repository.ts';

export const MATTER_KINDS = ['dispute', 'petition', 'grid-event'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

export interface MatterClock {
  id: string;
  kind: MatterKind;
  matterId: string;
  ruleId: string;
  name: { zh: string; en: string };
  state: 'running' | 'paused' | 'stopped';
  dueAt: string | null;
  provisional: boolean;
  unitId: string | null;
  startedAt: string;
  /** When it stopped: met (at or before dueAt) or missed. */
  stoppedAt: string | null;
}

interface MatterRef {
  kind: MatterKind;
  matterId: string;
}

interface ClockRow {
  id: string;
  matter_kind: MatterKind;
  matter_id: string;
  rule_id: string;
  ledger: LedgerEvent[];
  state: MatterClock['state'];
  due_at: Date | string | null;
  provisional: boolean;
  unit_id: string | null;
  started_at: Date | string;
  stopped_at: Date | string | null;
}

function ruleOf(clock: Clock, id: string): TimeLimitRule {
  const rule = clock.rules.get(id);
  if (!rule) throw new AppError('RULE_UNKNOWN', { rule: id });
  return rule;
}

function toClock(clock: Clock, r: ClockRow): MatterClock {
  const rule = clock.rules.get(r.rule_id);
  return {
    id: r.id,
    kind: r.matter_kind,
    matterId: r.matter_id,
    ruleId: r.rule_id,
    name: rule ? { zh: rule.name.zh, en: rule.name.en } : { zh: r.rule_id, en: r.rule_id },
    state: r.state,
    dueAt: iso(r.due_at),
    provisional: r.provisional,
    unitId: r.unit_id,
    startedAt: iso(r.started_at),
    stoppedAt: iso(r.stopped_at),
  };
}

async function liveClock(tx: Queryable, m: MatterRef, ruleId: string): Promise<ClockRow | null> {
  const rows = await tx.query<ClockRow>(
    `SELECT * FROM matter_clock WHERE matter_kind = $1 AND matter_id = $2 AND rule_id = $3 AND state <> 'stopped' FOR UPDATE`,
    [m.kind, m.matterId, ruleId],
  );
  return rows[0] ?? null;
}

async function append(tx: Queryable, clock: Clock, row: ClockRow, event: LedgerEvent): Promise<MatterClock> {
  const ledger = [...row.ledger, event];
  const next = evaluateLedger(clock, ruleOf(clock, row.rule_id), ledger);
  const [updated] = await tx.query<ClockRow>(
    `UPDATE matter_clock SET ledger = $2::jsonb, state = $3, due_at = $4, provisional = $5, stopped_at = $6, updated_at = now() WHERE id = $1 RETURNING *`,
    [row.id, JSON.stringify(ledger), next.state, next.dueAt, next.provisional, next.state === 'stopped' ? new Date(event.at).toISOString() : null],
  );
  return toClock(clock, updated!);
}

/** Starts the rule's clock for the matter at `at`; while one runs (or is paused) it is that clock, unchanged. */
export async function startMatterClock(
  tx: Queryable,
  clock: Clock,
  s: MatterRef & { ruleId: string; unitId: string | null; at: string },
): Promise<MatterClock> {
  const rule = ruleOf(clock, s.ruleId);
  const existing = await liveClock(tx, s, s.ruleId);
  if (existing) return toClock(clock, existing);
  const at = ledgerMoment(s.at);
  const ledger: LedgerEvent[] = [{ type: 'started', at }];
  const state = evaluateLedger(clock, rule, ledger);
  const [row] = await tx.query<ClockRow>(
    `INSERT INTO matter_clock (matter_kind, matter_id, rule_id, ledger, state, due_at, provisional, unit_id, started_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9) RETURNING *`,
    [s.kind, s.matterId, s.ruleId, JSON.stringify(ledger), state.state, state.dueAt, state.provisional, s.unitId, new Date(s.at).toISOString()],
  );
  return toClock(clock, row!);
}

async function liveOrRefuse(tx: Queryable, m: MatterRef, ruleId: string): Promise<ClockRow> {
  const row = await liveClock(tx, m, ruleId);
  if (!row) throw new AppError('CLOCK_NOT_RUNNING', { kind: m.kind, matter: m.matterId, rule: ruleId });
  return row;
}

/** Grants the rule's extension `extensionId` on the running clock (EXTENSION_UNKNOWN for one the rule lacks). */
export async function extendMatterClock(
  tx: Queryable,
  clock: Clock,
  s: MatterRef & { ruleId: string; extensionId: string; at: string },
): Promise<MatterClock> {
  const rule = ruleOf(clock, s.ruleId);
  if (!rule.extensions.some((x) => x.id === s.extensionId)) {
    throw new AppError('EXTENSION_UNKNOWN', { rule: s.ruleId, extension: s.extensionId, known: rule.extensions.map((x) => x.id) });
  }
  const row = await liveOrRefuse(tx, s, s.ruleId);
  return append(tx, clock, row, { type: 'extension-granted', at: ledgerMoment(s.at), extension: s.extensionId });
}

/** Pauses the running clock (time that the rule does not count, e.g. a period the law leaves out). */
export async function pauseMatterClock(tx: Queryable, clock: Clock, s: MatterRef & { ruleId: string; at: string; reason?: string }): Promise<MatterClock> {
  const row = await liveOrRefuse(tx, s, s.ruleId);
  if (row.state === 'paused') return toClock(clock, row);
  return append(tx, clock, row, { type: 'paused', at: ledgerMoment(s.at), ...(s.reason ? { reason: s.reason } : {}) });
}

/** Resumes a paused clock. */
export async function resumeMatterClock(tx: Queryable, clock: Clock, s: MatterRef & { ruleId: string; at: string }): Promise<MatterClock> {
  const row = await liveOrRefuse(tx, s, s.ruleId);
  if (row.state !== 'paused') return toClock(clock, row);
  return append(tx, clock, row, { type: 'resumed', at: ledgerMoment(s.at) });
}

/** Stops the rule's clock, or with no rule every live clock of the matter; stopping what does not run does nothing. */
export async function stopMatterClock(tx: Queryable, clock: Clock, s: MatterRef & { ruleId?: string; at: string }): Promise<void> {
  const rows = await tx.query<ClockRow>(
    `SELECT * FROM matter_clock WHERE matter_kind = $1 AND matter_id = $2 AND state <> 'stopped' AND ($3::text IS NULL OR rule_id = $3) FOR UPDATE`,
    [s.kind, s.matterId, s.ruleId ?? null],
  );
  for (const row of rows) await append(tx, clock, row, { type: 'stopped', at: ledgerMoment(s.at) });
}

/** The unit that answers for the matter's live clocks changes (the matter was routed or escalated). */
export async function reassignMatterClocks(tx: Queryable, s: MatterRef & { unitId: string | null }): Promise<void> {
  await tx.query(`UPDATE matter_clock SET unit_id = $3, updated_at = now() WHERE matter_kind = $1 AND matter_id = $2 AND state <> 'stopped'`, [
    s.kind,
    s.matterId,
    s.unitId,
  ]);
}

/** Every clock of the matter, oldest first. */
export async function matterClocks(db: Queryable, clock: Clock, kind: MatterKind, matterId: string): Promise<MatterClock[]> {
  const rows = await db.query<ClockRow>('SELECT * FROM matter_clock WHERE matter_kind = $1 AND matter_id = $2 ORDER BY started_at, rule_id, id', [kind, matterId]);
  return rows.map((r) => toClock(clock, r));
}
