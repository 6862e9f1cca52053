/**
 * Statistical reports (issue 7 part 3): a report's figures for a period and a region, as xlsx or PDF, issued into
 * the document store with a row of history and an audit record in one transaction; the monthly bulletin drafted
 * from templates; the schedules that issue reports every month or quarter.
 *
 * Who may do what (rules/permissions.yaml): 'report' opens the report centre (read: the catalogue, the history,
 * downloads, the bulletin's preview; create: issue a report); the figures of a report are read under
 * 'case-report' (criminal-justice reports) or 'governance-report' (the governance center's), whose scope limits
 * the matters counted (a unit head: their own unit's); the bulletin needs both. 'report-schedule' for schedules.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, isoDate } from '../../engine/clock/civil-date.ts';
import { collaborationRates } from '../../engine/collaboration/rate.ts';
import { type Actor, type ResourceKind, type Scope, scopeOf } from '../../engine/permissions/permissions.ts';
import { type BulletinFigure, type FilledBulletin, fillBulletin } from '../../engine/reports/bulletin.ts';
import type { ReportDefinition } from '../../engine/reports/definitions.ts';
import { parseReportPeriod, previousPeriod, type ReportPeriod, scheduleDuePeriod } from '../../engine/reports/period.ts';
import { type RawGroup, type ReportTable, shapeReport, totalsByKey } from '../../engine/reports/table.ts';
import { type ReportRules, loadReportRules } from '../../rules/load-reports.ts';
import { loadRules } from '../../rules/load-rules.ts';
import { AppError } from '../../shared/errors.ts';
import { pageWindow } from '../../shared/fields.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { rateTransfers, rateUnits } from '../collaboration/collaboration.repository.ts';
import { readRanking } from '../indicators/indicators.repository.ts';
import * as repo from './reports.repository.ts';
import { REPORT_MIME, type ReportFormat, renderBulletinPdf, renderReport } from './report-render.ts';

export type ReportDeps = Pick<AppDeps, 'db' | 'permissions' | 'files' | 'now' | 'config' | 'caseFlow' | 'warningModels'> & {
  reportRules: ReportRules;
  agencyNames: Readonly<Record<string, { zh: string; en: string }>>;
};

/** The report rules (read and checked against the queries: a bad file stops start-up) and the agencies' names. */
export function loadReportDeps(deps: AppDeps): ReportDeps {
  const agencies = loadRules().organisation.agencies;
  return {
    ...deps,
    reportRules: loadReportRules(REPORT_FIELDS),
    agencyNames: Object.fromEntries(Object.entries(agencies).map(([id, a]) => [id, { zh: a.zh, en: a.en }])),
  };
}

/** The id under which the monthly bulletin is issued and listed beside the reports. */
export const BULLETIN_ID = 'bulletin';

/** The raw fields each report's query yields: what rules/reports.yaml is checked against at load. */
export const REPORT_FIELDS: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.entries(repo.BASE_QUERIES).map(([id, q]) => [id, q.fields])),
  collaboration: ['sent', 'sent_online', 'received', 'received_in_time'],
  rankings: ['rank', 'score', 'value', 'previous_rank', 'rank_change'],
};

const FIGURES_RESOURCE: Record<ReportDefinition['audience'], ResourceKind> = { case: 'case-report', governance: 'governance-report' };

function definitionOf(deps: ReportDeps, id: string): ReportDefinition {
  const def = deps.reportRules.reports.find((r) => r.id === id);
  if (!def) throw new AppError('REPORT_UNKNOWN', { report: id, known: [...deps.reportRules.reports.map((r) => r.id), BULLETIN_ID] });
  return def;
}

export function periodOf(text: string): ReportPeriod {
  const p = parseReportPeriod(text);
  if (!p) throw new AppError('REPORT_PERIOD_INVALID', { period: text });
  return p;
}

/** The figures' scope of a report for an actor: FORBIDDEN when the actor may read none of it. */
function figuresScope(deps: ReportDeps, actor: Actor, def: ReportDefinition): Scope {
  const scope = scopeOf(deps.permissions, actor, 'read', FIGURES_RESOURCE[def.audience]);
  if (scope.conditions.length === 0) throw new AppError('FORBIDDEN', { report: def.id });
  return scope;
}

/** The region asked for: REGION_NOT_FOUND when it does not exist, FORBIDDEN outside every region the scope reaches. */
async function regionFor(deps: ReportDeps, code: string, scopes: readonly Scope[]) {
  const region = await repo.regionByCode(deps.db, code);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: code });
  for (const scope of scopes) {
    const reaches = scope.conditions.some((c) => c.region !== 'own-and-below' || region.code.startsWith(scope.actor.regionPrefix));
    if (!reaches) throw new AppError('FORBIDDEN', { region: code }, { zh: '只能统计本地区及下级地区的报表', en: 'Reports are for your region and the regions below it' });
  }
  return region;
}

/** Names of groups that SQL does not name: agencies, warning models. */
function nameGroup(deps: ReportDeps, def: ReportDefinition, row: repo.RawRow): RawGroup {
  if (def.groupBy === 'agency') {
    const n = deps.agencyNames[row.key];
    return { key: row.key, name: n?.zh ?? row.key, nameEn: n?.en ?? row.key, values: row.values };
  }
  if (def.groupBy === 'model') {
    const m = deps.warningModels.models.get(row.key);
    return { key: row.key, name: m?.name.zh ?? row.key, nameEn: m?.name.en ?? row.key, values: row.values };
  }
  return { key: row.key, name: row.name ?? row.key, nameEn: row.nameEn ?? row.key, values: row.values };
}

/** The collaboration rate by county, by its own definition (src/engine/collaboration/rate.ts). */
async function collaborationGroups(deps: ReportDeps, period: ReportPeriod, regionPrefix: string, scope: Scope | null): Promise<RawGroup[]> {
  const agencies = new Set<string>();
  for (const t of deps.caseFlow.transitions.values()) {
    const scenario = t.handsOver ? deps.caseFlow.scenarios.get(t.handsOver) : undefined;
    for (const a of [...(scenario?.from ?? []), ...(scenario?.to ?? [])]) agencies.add(a);
  }
  const units = (await rateUnits(deps.db, scope, [...agencies].sort())).filter((u) => u.regionCode.startsWith(regionPrefix));
  const transfers = await rateTransfers(deps.db, period.fromIso, period.toIso, units.map((u) => u.id));
  const result = collaborationRates(transfers, units, { fromDay: period.fromDay, toDay: period.toDay, days: deps.config.collaborationDays, todayDay: cstDayOf(deps.now().getTime()) }, 'county');
  return result.items.map((i) => ({ key: i.key, name: i.name, nameEn: i.nameEn, values: { sent: i.sent, sent_online: i.sentOnline, received: i.received, received_in_time: i.receivedInTime } }));
}

/**
 * The safety index ranking of the period's latest snapshot (indicators, issue 7 part 2): a month's or a quarter's
 * own snapshot; for a year its fourth quarter's, for a range the month of its last day. The child regions when the
 * snapshot ranks regions, else the units. Snapshots are frozen and aired to every account: not scoped.
 */
async function rankingGroups(deps: ReportDeps, period: ReportPeriod, regionCode: string): Promise<RawGroup[]> {
  const which = period.kind === 'month' || period.kind === 'quarter'
    ? { periodKind: period.kind, period: period.text }
    : period.kind === 'year'
      ? { periodKind: 'quarter' as const, period: `${period.text}-Q4` }
      : { periodKind: 'month' as const, period: isoDate(period.toDay).slice(0, 7) };
  for (const subjectKind of ['region', 'unit'] as const) {
    const ranking = await readRanking(deps.db, { ...which, regionCode, subjectKind });
    if (ranking?.rows.length) {
      return ranking.rows.map((r) => ({
        key: r.subjectKey,
        name: r.subjectName,
        nameEn: r.subjectName,
        values: { rank: r.rank, score: r.score, value: r.value, previous_rank: r.previousRank, rank_change: r.rank !== null && r.previousRank !== null ? r.previousRank - r.rank : null },
      }));
    }
  }
  return [];
}

/** One report's table for a period and a region, counted within the scope (null: everything, for the CLI and the scheduler). */
export async function computeReport(deps: ReportDeps, def: ReportDefinition, period: ReportPeriod, region: { code: string; scopePrefix: string }, scope: Scope | null): Promise<ReportTable> {
  const now = deps.now().toISOString();
  const asAtIso = now < period.toIso ? now : period.toIso;
  let groups: RawGroup[];
  if (def.id === 'collaboration') groups = await collaborationGroups(deps, period, region.scopePrefix, scope);
  else if (def.id === 'rankings') groups = await rankingGroups(deps, period, region.code);
  else {
    const base = repo.BASE_QUERIES[def.id];
    if (!base) throw new AppError('REPORT_UNKNOWN', { report: def.id });
    const rows = await repo.sumReport(deps.db, base, { fromIso: period.fromIso, toIso: period.toIso, asAtIso, regionCode: region.code, by: def.groupBy }, scope);
    groups = rows.map((r) => nameGroup(deps, def, r));
    // agencies in the order of rules/organisation.yaml (committee, police, procuratorate, court, …), not by id
    if (def.groupBy === 'agency') {
      const order = Object.keys(deps.agencyNames);
      groups.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    }
  }
  return shapeReport(def, groups);
}

/** The catalogue: every report the caller may read, with its columns and notes; the bulletin when they may read both kinds. */
export function listReportDefinitions(deps: ReportDeps, actor: Actor) {
  const readable = readableReportIds(deps, actor);
  return {
    reports: deps.reportRules.reports.filter((d) => readable.includes(d.id)),
    bulletin: readable.includes(BULLETIN_ID),
    formats: Object.keys(REPORT_MIME),
  };
}

function readableReportIds(deps: ReportDeps, actor: Actor): string[] {
  const may = (kind: ResourceKind) => scopeOf(deps.permissions, actor, 'read', kind).conditions.length > 0;
  const ids = deps.reportRules.reports.filter((d) => may(FIGURES_RESOURCE[d.audience])).map((d) => d.id);
  if (may('case-report') && may('governance-report')) ids.push(BULLETIN_ID);
  return ids;
}

export interface IssueInput {
  report: string;
  period: string;
  region?: string | undefined;
  format: ReportFormat;
}

/** Who issues: a user (their scope and unit), or the command line / the scheduler (everything). */
export type Issuer = { kind: 'user'; ctx: RequestContext } | { kind: 'cli' } | { kind: 'scheduler'; scheduleId: string };

/** The bulletin of a month: its figures from the reports' totals this month and the month before. */
export async function draftBulletin(deps: ReportDeps, period: ReportPeriod, region: { code: string; name: string; nameEn: string; scopePrefix: string }, scopes: ((def: ReportDefinition) => Scope | null)) {
  const previous = previousPeriod(period);
  const figures: Record<string, BulletinFigure> = {};
  for (const def of deps.reportRules.reports) {
    if (!deps.reportRules.bulletin.sections.some((s) => s.sentences.some((t) => t.zh.includes(`{${def.id}.`) || t.en.includes(`{${def.id}.`)))) continue;
    const scope = scopes(def);
    const now = totalsByKey(def, await computeReport(deps, def, period, region, scope));
    const before = totalsByKey(def, await computeReport(deps, def, previous, region, scope));
    for (const c of def.columns) {
      const key = `${def.id}.${c.id}`;
      figures[key] = { current: now[key] ?? null, previous: before[key] ?? null, format: c.format, label: c.header };
    }
  }
  const context = { region: { zh: region.name, en: region.nameEn }, period: period.label };
  return { zh: fillBulletin(deps.reportRules.bulletin, figures, context, 'zh'), en: fillBulletin(deps.reportRules.bulletin, figures, context, 'en') };
}

async function producedFile(deps: ReportDeps, issuer: Issuer, input: IssueInput, at: Date) {
  const period = periodOf(input.period);
  const actor = issuer.kind === 'user' ? issuer.ctx.principal : null;
  const regionCode = input.region ?? actor?.regionCode;
  if (!regionCode) throw new AppError('REGION_NOT_FOUND', { region: null });
  const issuingUnit = issuer.kind === 'user' ? issuer.ctx.principal.unit.name : 'CaseLink';
  if (input.report === BULLETIN_ID) {
    if (input.format !== 'pdf') throw new AppError('REPORT_FORMAT_UNSUPPORTED', { report: BULLETIN_ID, format: input.format, offered: ['pdf'] });
    if (period.kind !== 'month') throw new AppError('REPORT_PERIOD_INVALID', { period: input.period, expected: 'YYYY-MM' });
    const scopeFor = (def: ReportDefinition) => (actor ? figuresScope(deps, actor, def) : null);
    if (actor) for (const d of deps.reportRules.reports) scopeFor(d);
    const region = await regionFor(deps, regionCode, actor ? deps.reportRules.reports.map(scopeFor) as Scope[] : []);
    const text = await draftBulletin(deps, period, region, scopeFor);
    return { period, region, bytes: await renderBulletinPdf(text.zh, { issuingUnit, generatedAt: at }) };
  }
  const def = definitionOf(deps, input.report);
  const scope = actor ? figuresScope(deps, actor, def) : null;
  const region = await regionFor(deps, regionCode, scope ? [scope] : []);
  const table = await computeReport(deps, def, period, region, scope);
  const bytes = await renderReport(input.format, { def, table, region: { code: region.code, name: region.name }, period, generatedAt: at, issuingUnit });
  return { period, region, bytes };
}

/** Issues a report: renders it, stores the file, records the issue and its audit in one transaction. */
export async function issueReport(deps: ReportDeps, issuer: Issuer, input: IssueInput) {
  const at = deps.now();
  const { period, region, bytes } = await producedFile(deps, issuer, input, at);
  // the store is content-addressed and idempotent: a file stored and then not recorded is harmless
  const stored = await deps.files.put(bytes);
  const issue = await deps.db.transaction(async (tx) => {
    const row = await repo.insertReportIssue(tx, {
      reportId: input.report,
      period: period.text,
      regionCode: region.code,
      format: input.format,
      fileKey: stored.sm3,
      sm3: stored.sm3,
      bytes: stored.size,
      issuedAt: at.toISOString(),
      issuedBy: issuer.kind === 'user' ? issuer.ctx.principal.username : issuer.kind,
      issuedByUserId: issuer.kind === 'user' ? issuer.ctx.principal.userId : null,
      scheduleId: issuer.kind === 'scheduler' ? issuer.scheduleId : null,
    });
    const who = issuer.kind === 'user' ? auditActor(issuer.ctx) : { actorUserId: null, actorUsername: issuer.kind, actorUnitId: null, regionCode: region.code, clientAddress: null };
    await appendAudit(tx, { ...who, action: 'report.issue', resourceKind: 'report-issue', resourceId: row.id, details: { report: input.report, period: period.text, region: region.code, format: input.format, sm3: stored.sm3, scheduleId: row.scheduleId } });
    return row;
  });
  return { ...issue, fileName: fileNameOf(deps, issue) };
}

export function fileNameOf(deps: Pick<ReportDeps, 'reportRules'>, issue: Pick<repo.ReportIssueRow, 'reportId' | 'period' | 'regionName' | 'format'>): string {
  const title = issue.reportId === BULLETIN_ID ? '月度通报' : (deps.reportRules.reports.find((r) => r.id === issue.reportId)?.title.zh ?? issue.reportId);
  return `${issue.regionName}${title}_${issue.period}.${issue.format}`;
}

/** The issues a caller may see: theirs, and those of their region and below for the reports they may read. */
function issueVisibility(deps: ReportDeps, actor: Actor) {
  const scope = scopeOf(deps.permissions, actor, 'read', 'report');
  const regionWide = scope.conditions.some((c) => c.unit === 'any');
  return { reportIds: readableReportIds(deps, actor), regionPrefixes: regionWide ? [actor.regionPrefix] : [], userId: actor.userId };
}

export async function listIssues(deps: ReportDeps, ctx: RequestContext, q: { report?: string; period?: string; format?: string; page?: number; pageSize?: number }) {
  const { limit, offset } = pageWindow(q);
  const { items, total } = await repo.listReportIssues(deps.db, { ...issueVisibility(deps, ctx.principal), reportId: q.report, period: q.period, format: q.format, limit, offset });
  return { items: items.map((i) => ({ ...i, fileName: fileNameOf(deps, i) })), total, page: q.page ?? 1, pageSize: limit };
}

/** An issued file, for a caller who may see the issue (NOT_FOUND otherwise); the download is audited. */
export async function downloadIssue(deps: ReportDeps, ctx: RequestContext, id: string) {
  const issue = await repo.findReportIssue(deps.db, id);
  const v = issueVisibility(deps, ctx.principal);
  const visible = issue && v.reportIds.includes(issue.reportId) && (issue.issuedByUserId === ctx.principal.userId || v.regionPrefixes.some((p) => issue.regionCode.startsWith(p)));
  if (!issue || !visible) throw new AppError('NOT_FOUND', { issue: id });
  const bytes = await deps.files.get(issue.fileKey);
  await deps.db.transaction((tx) => appendAudit(tx, { ...auditActor(ctx), action: 'report.download', resourceKind: 'report-issue', resourceId: issue.id, details: { report: issue.reportId, period: issue.period, sm3: issue.sm3 } }));
  return { issue, bytes, mime: REPORT_MIME[issue.format], fileName: fileNameOf(deps, issue) };
}

/** The bulletin's text in both languages, for the report centre's preview (not stored). */
export async function previewBulletin(deps: ReportDeps, ctx: RequestContext, q: { period: string; region?: string | undefined }): Promise<{ period: string; region: string; zh: FilledBulletin; en: FilledBulletin }> {
  const period = periodOf(q.period);
  if (period.kind !== 'month') throw new AppError('REPORT_PERIOD_INVALID', { period: q.period, expected: 'YYYY-MM' });
  const scopes = deps.reportRules.reports.map((d) => figuresScope(deps, ctx.principal, d));
  const region = await regionFor(deps, q.region ?? ctx.principal.regionCode, scopes);
  const text = await draftBulletin(deps, period, region, (def) => figuresScope(deps, ctx.principal, def));
  return { period: period.text, region: region.code, ...text };
}

// ---- schedules ----

export interface ScheduleInput {
  report: string;
  region: string;
  format: ReportFormat;
  cadence: 'monthly' | 'quarterly';
  dayOfMonth: number;
  hour: number;
  enabled?: boolean | undefined;
}

function scheduleRegionPrefixes(deps: ReportDeps, actor: Actor, action: 'read' | 'create' | 'update'): string[] | null {
  const scope = scopeOf(deps.permissions, actor, action, 'report-schedule');
  if (scope.conditions.some((c) => c.region === 'any')) return null;
  return scope.conditions.length ? [actor.regionPrefix] : [];
}

const scheduleView = (deps: ReportDeps, s: repo.ReportScheduleRow) => ({ ...s, title: s.reportId === BULLETIN_ID ? { zh: '月度通报', en: 'Monthly bulletin' } : definitionOf(deps, s.reportId).title });

export async function listSchedules(deps: ReportDeps, ctx: RequestContext) {
  const rows = await repo.listSchedules(deps.db, scheduleRegionPrefixes(deps, ctx.principal, 'read'));
  return { items: rows.filter((s) => s.reportId === BULLETIN_ID || deps.reportRules.reports.some((r) => r.id === s.reportId)).map((s) => scheduleView(deps, s)) };
}

function checkScheduleInput(deps: ReportDeps, input: Pick<ScheduleInput, 'report' | 'format' | 'cadence'>) {
  if (input.report === BULLETIN_ID) {
    if (input.format !== 'pdf') throw new AppError('REPORT_FORMAT_UNSUPPORTED', { report: BULLETIN_ID, format: input.format, offered: ['pdf'] });
    if (input.cadence !== 'monthly') throw new AppError('REPORT_PERIOD_INVALID', { report: BULLETIN_ID, cadence: input.cadence, expected: 'monthly' });
  } else definitionOf(deps, input.report);
}

export async function createSchedule(deps: ReportDeps, ctx: RequestContext, input: ScheduleInput) {
  checkScheduleInput(deps, input);
  const prefixes = scheduleRegionPrefixes(deps, ctx.principal, 'create');
  const region = await repo.regionByCode(deps.db, input.region);
  if (!region) throw new AppError('REGION_NOT_FOUND', { region: input.region });
  if (prefixes !== null && !prefixes.some((p) => region.code.startsWith(p))) throw new AppError('FORBIDDEN', { region: input.region });
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertSchedule(tx, { reportId: input.report, regionCode: region.code, format: input.format, cadence: input.cadence, dayOfMonth: input.dayOfMonth, hour: input.hour, enabled: input.enabled ?? true, createdBy: ctx.principal.userId }, deps.now().toISOString());
    await appendAudit(tx, { ...auditActor(ctx), action: 'report.schedule.create', resourceKind: 'report-schedule', resourceId: row.id, details: { report: input.report, region: region.code, format: input.format, cadence: input.cadence } });
    return scheduleView(deps, row);
  });
}

async function scheduleInScope(deps: ReportDeps, tx: Parameters<typeof repo.findSchedule>[0], ctx: RequestContext, id: string) {
  const row = await repo.findSchedule(tx, id, true);
  const prefixes = scheduleRegionPrefixes(deps, ctx.principal, 'update');
  if (!row || (prefixes !== null && !prefixes.some((p) => row.regionCode.startsWith(p)))) throw new AppError('NOT_FOUND', { schedule: id });
  return row;
}

export async function changeSchedule(deps: ReportDeps, ctx: RequestContext, id: string, input: Partial<Pick<ScheduleInput, 'format' | 'cadence' | 'dayOfMonth' | 'hour' | 'enabled'>>) {
  return deps.db.transaction(async (tx) => {
    const row = await scheduleInScope(deps, tx, ctx, id);
    const next = { format: input.format ?? row.format, cadence: input.cadence ?? row.cadence, dayOfMonth: input.dayOfMonth ?? row.dayOfMonth, hour: input.hour ?? row.hour, enabled: input.enabled ?? row.enabled };
    checkScheduleInput(deps, { report: row.reportId, format: next.format, cadence: next.cadence });
    const updated = await repo.updateSchedule(tx, id, next);
    await appendAudit(tx, { ...auditActor(ctx), action: 'report.schedule.update', resourceKind: 'report-schedule', resourceId: id, details: { changed: Object.keys(input) } });
    return scheduleView(deps, updated);
  });
}

export async function removeSchedule(deps: ReportDeps, ctx: RequestContext, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await scheduleInScope(deps, tx, ctx, id);
    await repo.deleteSchedule(tx, id);
    await appendAudit(tx, { ...auditActor(ctx), action: 'report.schedule.delete', resourceKind: 'report-schedule', resourceId: id, details: { report: row.reportId, region: row.regionCode } });
  });
}

/** One pass of the scheduler: every schedule owing a period issues it once (claimed first, so two servers do not both). */
export async function runDueSchedules(deps: ReportDeps, log: (line: string) => void): Promise<number> {
  const now = deps.now();
  let issued = 0;
  for (const s of await repo.listSchedules(deps.db, null)) {
    const period = scheduleDuePeriod(s, now.getTime());
    if (!period) continue;
    const claimed = await deps.db.transaction((tx) => repo.claimSchedulePeriod(tx, s.id, period));
    if (!claimed) continue;
    try {
      await issueReport(deps, { kind: 'scheduler', scheduleId: s.id }, { report: s.reportId, period, region: s.regionCode, format: s.format });
      issued++;
    } catch (error) {
      log(`reports: schedule ${s.id} (${s.reportId} ${period}) failed: ${(error as Error).message}`);
    }
  }
  return issued;
}
