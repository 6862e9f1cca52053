/**
 * The demo's rankings (issue 7 part 2): the monthly snapshots of the last 12 months and the quarterly ones of the
 * last 4 quarters for the province, taken from the demo data as it is (oldest first, so that each has its previous
 * period's ranks), then the two lowest-ranked cities on the safety index of the last month listed for remediation
 * by the province's supervisor, each with a progress report from the city's own committee. What exists already is
 * skipped, so running it again changes nothing.
 */
import type { AppDeps } from '../app-deps.ts';
import { cstDayOf, isoDate } from '../engine/clock/civil-date.ts';
import { SAFETY_INDEX_ID } from '../engine/indicators/definitions.ts';
import { type Period, lastEndedPeriod, previousPeriod } from '../engine/indicators/period.ts';
import { activePrincipals } from '../modules/auth/auth.repository.ts';
import type { RequestContext } from '../modules/auth/principal.ts';
import { openRemediationOf, readRanking, rootRegion } from '../modules/indicators/indicators.repository.ts';
import { indicatorRules } from '../modules/indicators/indicators.routes.ts';
import { takeSnapshotIfMissing } from '../modules/indicators/indicators.service.ts';
import { actOnRemediation, listRegion } from '../modules/indicators/remediation.service.ts';
import { DEMO_CLIENT } from './seed-demo-cases.ts';

export interface DemoRankingsResult {
  /** snapshots taken now (existing ones skipped) */
  months: number;
  quarters: number;
  /** regions listed now */
  listings: number;
}

function lastPeriods(kind: 'month' | 'quarter', today: number, count: number): Period[] {
  const out = [lastEndedPeriod(kind, today)];
  while (out.length < count) out.unshift(previousPeriod(out[0]!));
  return out;
}

export async function seedDemoRankings(deps: AppDeps, opts: { now: Date }): Promise<DemoRankingsResult> {
  const at = (ms: number): AppDeps => ({ ...deps, now: () => new Date(ms) });
  const now = opts.now.getTime();
  const today = cstDayOf(now);
  const loaded = indicatorRules();
  const province = await rootRegion(deps.db);
  if (!province) throw new Error('demo rankings: no region tree');
  const result: DemoRankingsResult = { months: 0, quarters: 0, listings: 0 };
  for (const kind of ['month', 'quarter'] as const) {
    for (const p of lastPeriods(kind, today, kind === 'month' ? 12 : 4)) {
      // taken on the first day after the period, as the scheduler would have
      const taken = await takeSnapshotIfMissing(at(Math.min(now, Date.parse(`${isoDate(p.toDay + 1)}T01:00:00Z`))), loaded, 'demo', { periodKind: kind, period: p.label, region: province.code });
      if (taken) result[kind === 'month' ? 'months' : 'quarters']++;
    }
  }
  const last = lastEndedPeriod('month', today);
  const ranking = await readRanking(deps.db, { periodKind: 'month', period: last.label, regionCode: province.code, subjectKind: 'region', indicatorId: SAFETY_INDEX_ID });
  const principals = await activePrincipals(deps.db, DEMO_CLIENT);
  const ctxOf = (username: string): RequestContext | null => {
    const principal = principals.get(username);
    return principal ? { principal, clientAddress: DEMO_CLIENT } : null;
  };
  const lister = ctxOf('supervisor');
  if (!ranking || !lister) return result;
  // the worst ranked first (unranked ones last)
  const worst = [...ranking.rows].sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0)).slice(0, 2);
  const deadline = isoDate(today + 90);
  for (const row of worst) {
    if (await openRemediationOf(deps.db, row.subjectKey)) continue;
    const listing = await listRegion(at(now - 20 * 86_400_000), loaded, lister, {
      regionCode: row.subjectKey,
      problem: `${last.label} 平安指数在全省排名第 ${row.rank ?? '-'} 位，矛盾纠纷化解和办案期限管理存在短板，予以挂牌整治。`,
      goals: [
        { indicatorId: SAFETY_INDEX_ID, target: Math.min(100, Math.round((row.value ?? 50) + 10)) },
        { indicatorId: 'dispute-resolution-rate', target: 0.9 },
        { text: '建立矛盾纠纷化解周调度和超期案件月通报机制' },
      ],
      deadline,
      snapshotId: ranking.snapshot.id,
    });
    result.listings++;
    const local = ctxOf(`committee-${row.subjectKey}-supervisor`);
    if (local) {
      await actOnRemediation(at(now - 6 * 86_400_000), loaded, local, listing.id, {
        action: 'progress',
        note: '已召开整治推进会，建立周调度机制，逐件清理超期案件和积案纠纷。',
        values: [{ goal: 1, value: 0.8 }],
      });
    }
  }
  return result;
}
