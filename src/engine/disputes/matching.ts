/**
 * The same matter entered twice (flows.md §3): the same applicant (phone or resident ID), the same respondent
 * (resident ID, phone or name) and the same type. Each intake carries the keys of every such pair; a new intake
 * sharing a key with an earlier dispute is that dispute's matter. Pure.
 */
import { sm3Hex } from '../../shared/sm3.ts';
import type { Outcome } from './dispute-flow.ts';

export interface PartyIdentity {
  role: 'applicant' | 'respondent';
  name: string;
  phone: string | null;
  idNumber: string | null;
}

/** A name as a key: NFKC, no spaces or middle dots, lower case (全角 and half-width letters match). */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·・.]/gu, '').toLowerCase();
}

const phoneKey = (p: string) => p.replace(/-/g, '');

/** The matter keys of an intake: one SM3 per (applicant identifier, respondent identifier) pair, sorted. */
export function matterKeys(type: string, parties: readonly PartyIdentity[]): string[] {
  const applicantIds = parties
    .filter((p) => p.role === 'applicant')
    .flatMap((p) => [p.phone ? `phone:${phoneKey(p.phone)}` : null, p.idNumber ? `id:${p.idNumber.toUpperCase()}` : null])
    .filter((x): x is string => x !== null);
  const respondentIds = parties
    .filter((p) => p.role === 'respondent')
    .flatMap((p) => [p.phone ? `phone:${phoneKey(p.phone)}` : null, p.idNumber ? `id:${p.idNumber.toUpperCase()}` : null, `name:${normaliseName(p.name)}`])
    .filter((x): x is string => x !== null);
  const keys = new Set<string>();
  for (const a of applicantIds) for (const r of respondentIds) keys.add(sm3Hex(`${type}\n${a}\n${r}`));
  return [...keys].sort();
}

export interface EarlierMatter {
  id: string;
  number: string;
  open: boolean;
  createdAtMs: number;
  outcome: Outcome | null;
  closedAtMs: number | null;
}

export type IntakeVerdict = { kind: 'new' } | { kind: 'duplicate'; of: EarlierMatter } | { kind: 'reopen'; of: EarlierMatter };

const DAY_MS = 86_400_000;

/**
 * What a new intake is, given the earlier disputes sharing a matter key: a duplicate of one still open and
 * taken in within duplicateWithinDays; the reopening of one resolved within reopenWithinDays; else new.
 */
export function classifyIntake(earlier: readonly EarlierMatter[], nowMs: number, windows: { duplicateWithinDays: number; reopenWithinDays: number }): IntakeVerdict {
  const byRecent = [...earlier].sort((a, b) => b.createdAtMs - a.createdAtMs);
  const dup = byRecent.find((e) => e.open && nowMs - e.createdAtMs <= windows.duplicateWithinDays * DAY_MS);
  if (dup) return { kind: 'duplicate', of: dup };
  const reopen = byRecent.find((e) => !e.open && e.outcome === 'resolved' && e.closedAtMs !== null && nowMs - e.closedAtMs <= windows.reopenWithinDays * DAY_MS);
  if (reopen) return { kind: 'reopen', of: reopen };
  return { kind: 'new' };
}
