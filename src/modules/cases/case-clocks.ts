/**
 * The statutory clocks of a case and of each person in it, driven by the flow's clock effects: each clock is a
 * ledger of the clock engine (started, extension granted, restarted, stopped) appended to, never rewritten;
 * its due moment is the engine's answer, stored for inboxes and oversight.
 */
import type { Queryable } from '../../db/client.ts';
import type { ClockEffect } from '../../engine/case-flow/flow.ts';
import { isoCst } from '../../engine/clock/civil-date.ts';
import { computeDue } from '../../engine/clock/compute.ts';
import type { LedgerEvent, TimeLimitRule } from '../../engine/clock/types.ts';
import type { Clock } from '../../rules/load-clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type ClockRecord, type PersonRecord, insertClock, listClocks, updateClock } from './cases.repository.ts';

export interface ClockTargets {
  caseId: string;
  /** The unit that answers for the clocks (the case's holder after the transition). */
  unitId: string | null;
  /** The persons the transition concerns (for effects on `persons`), with their custody after it. */
  persons: readonly PersonRecord[];
  /** Custody for a clock of the case as a whole: any suspect or defendant in custody. */
  caseCustody: boolean;
}

function ruleOf(clock: Clock, id: string): TimeLimitRule {
  const rule = clock.rules.get(id);
  if (!rule) throw new Error(`case flow names time-limit rule ${id}, which is not loaded`);
  return rule;
}

/** A moment as the clock engine's ledgers hold it: China Standard Time, to the second. */
export const ledgerMoment = (at: string): string => isoCst(Math.floor(Date.parse(at) / 1000) * 1000);

/** The engine's answer for a ledger (state, due moment, provisional); LEDGER_INVALID when its events make no sense. */
export function evaluateLedger(clock: Clock, rule: TimeLimitRule, ledger: LedgerEvent[]): Pick<ClockRecord, 'state' | 'dueAt' | 'provisional'> {
  try {
    const r = computeDue(rule, ledger, clock);
    return { state: r.state, dueAt: r.dueMs === null ? null : new Date(r.dueMs).toISOString(), provisional: r.provisional };
  } catch (error) {
    throw new AppError('LEDGER_INVALID', { rule: rule.id, reason: (error as Error).message });
  }
}

/** What changed, for the timeline: one entry per clock touched. */
export interface ClockChange {
  action: ClockEffect['action'];
  rule: string;
  personId: string | null;
  clockId: string;
}

/**
 * Applies a transition's (or a measure's) clock effects at moment `at` (ISO). Idempotent where the law is:
 * starting a clock that already runs for the same subject leaves it; stopping one that is not running does
 * nothing; only a running clock pauses and only a paused one resumes. A restart appends "restarted" to a running clock, or starts a new one when the old one stopped
 * (the statute's "重新计算" of a new stage). `extension` names the extension granted by an `extend`
 * effect (default: the rule's first).
 */
export async function applyClockEffects(
  tx: Queryable,
  clock: Clock,
  effects: readonly ClockEffect[],
  targets: ClockTargets,
  at: string,
  extension: string | null,
): Promise<ClockChange[]> {
  if (effects.length === 0) return [];
  // the ledger's moments are China Standard Time to the second, as the clock engine reads them
  at = ledgerMoment(at);
  const existing = await listClocks(tx, targets.caseId);
  const changes: ClockChange[] = [];
  const live = (c: ClockRecord) => c.state !== 'stopped';

  async function append(c: ClockRecord, event: LedgerEvent, action: ClockEffect['action']): Promise<void> {
    const ledger = [...c.ledger, event];
    const next = evaluateLedger(clock, ruleOf(clock, c.ruleId), ledger);
    await updateClock(tx, c.id, { ledger, ...next, unitId: targets.unitId }, at);
    Object.assign(c, { ledger, ...next });
    changes.push({ action, rule: c.ruleId, personId: c.personId, clockId: c.id });
  }

  async function start(ruleId: string, personId: string | null, custody: boolean, action: ClockEffect['action']): Promise<void> {
    const rule = ruleOf(clock, ruleId);
    const ledger: LedgerEvent[] = [{ type: 'started', at, custody }];
    const state = evaluateLedger(clock, rule, ledger);
    const record: Omit<ClockRecord, 'id'> = { caseId: targets.caseId, personId, ruleId, ledger, ...state, unitId: targets.unitId, startedAt: at };
    const id = await insertClock(tx, record);
    existing.push({ id, ...record });
    changes.push({ action, rule: ruleId, personId, clockId: id });
  }

  for (const effect of effects) {
    const subjects: { personId: string | null; custody: boolean }[] =
      effect.subject === 'case' ? [{ personId: null, custody: targets.caseCustody }] : targets.persons.map((p) => ({ personId: p.id, custody: p.inCustody }));
    for (const subject of subjects) {
      const mine = existing.filter((c) => c.personId === subject.personId && live(c));
      if (effect.action === 'stop-all') {
        // stop-all on the case stops every clock of the case, the persons' too
        const all = effect.subject === 'case' ? existing.filter(live) : mine;
        for (const c of all) await append(c, { type: 'stopped', at }, 'stop-all');
        continue;
      }
      const ruleId = effect.rule!;
      const current = mine.find((c) => c.ruleId === ruleId);
      switch (effect.action) {
        case 'start':
          if (!current) await start(ruleId, subject.personId, subject.custody, 'start');
          break;
        case 'stop':
          if (current) await append(current, { type: 'stopped', at }, 'stop');
          break;
        case 'restart':
          if (current) await append(current, { type: 'restarted', at }, 'restart');
          else await start(ruleId, subject.personId, subject.custody, 'restart');
          break;
        case 'pause':
          if (current?.state === 'running') await append(current, { type: 'paused', at }, 'pause');
          break;
        case 'resume':
          if (current?.state === 'paused') await append(current, { type: 'resumed', at }, 'resume');
          break;
        case 'extend': {
          if (!current) break;
          const rule = ruleOf(clock, ruleId);
          const id = extension ?? rule.extensions[0]?.id;
          if (!id || !rule.extensions.some((x) => x.id === id)) {
            throw new AppError('EXTENSION_UNKNOWN', { rule: ruleId, extension: id ?? null, known: rule.extensions.map((x) => x.id) });
          }
          await append(current, { type: 'extension-granted', at, extension: id }, 'extend');
          break;
        }
      }
    }
  }
  return changes;
}
