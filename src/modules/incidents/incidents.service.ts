/**
 * Incidents the police receive (警情, issue 5: incident.not-registered, incident.fined-instead, case.withdraw-reopen):
 * received with category, amount and summary; decided once — registered as a case (linked to it), declined,
 * closed with an administrative penalty, or mediated. A second case of the same incident is the same facts again.
 */
import type { AppDeps } from '../../app-deps.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import { type ResourceRef, isAllowed, scopeOf } from '../../engine/permissions/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { iso } from '../cases/cases.repository.ts';
import { visibleCase } from '../cases/cases.service.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'caseFlow' | 'clock' | 'evidenceChecklists' | 'files' | 'masterKey' | 'config' | 'now' | 'caseRecords'>;

export interface IncidentView {
  id: string;
  number: string;
  unitId: string;
  unitName: string;
  regionCode: string;
  category: string;
  amount: number | null;
  summary: string;
  reportedAt: string;
  outcome: string;
  outcomeAt: string | null;
  outcomeNote: string | null;
  caseIds: string[];
}

type Row = { id: string; number: string; unit_id: string; unit_name: string; region_code: string; agency: string; category: string; amount: string | number | null; summary: string; reported_at: Date | string; outcome: string; outcome_at: Date | string | null; outcome_note: string | null; case_ids: string[] | null };
const SELECT = `SELECT i.*, u.name AS unit_name, u.agency, (SELECT array_agg(c.id ORDER BY c.registered_at) FROM criminal_case c WHERE c.incident_id = i.id) AS case_ids
  FROM incident i JOIN unit u ON u.id = i.unit_id`;
const toView = (r: Row): IncidentView => ({
  id: r.id, number: r.number, unitId: r.unit_id, unitName: r.unit_name, regionCode: r.region_code, category: r.category,
  amount: r.amount === null ? null : Number(r.amount), summary: r.summary, reportedAt: iso(r.reported_at)!, outcome: r.outcome,
  outcomeAt: iso(r.outcome_at), outcomeNote: r.outcome_note, caseIds: r.case_ids ?? [],
});
const refOf = (r: Row): ResourceRef => ({ kind: 'incident', unitId: r.unit_id, regionCode: r.region_code, agency: r.agency as ResourceRef['agency'] });

export async function receiveIncident(deps: Deps, ctx: RequestContext, input: { category: string; amount?: number | null; summary: string; reportedAt?: string }): Promise<IncidentView> {
  const p = ctx.principal;
  if (!deps.caseRecords.incidentCategories.has(input.category)) throw new AppError('INCIDENT_CATEGORY_UNKNOWN', { category: input.category, known: [...deps.caseRecords.incidentCategories.keys()] });
  if (!isAllowed(deps.permissions, p, 'create', { kind: 'incident', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency })) throw new AppError('FORBIDDEN', {});
  const now = deps.now();
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  if (Number.isNaN(reportedAt.getTime()) || reportedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('DATE_INVALID', [{ field: 'reportedAt', message: { zh: '报警时间须为有效时刻且不晚于现在', en: 'must be a real moment, not in the future' } }]);
  }
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO incident (number, unit_id, region_code, category, amount, summary, reported_at, created_by)
       VALUES ('警' || to_char($6::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('incident_number_seq') AS n), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [p.unitId, p.regionCode, input.category, input.amount ?? null, input.summary, reportedAt.toISOString(), p.userId],
    );
    await appendAudit(tx, { ...auditActor(ctx), action: 'incident.receive', resourceKind: 'incident', resourceId: row!.id, details: { category: input.category } });
    return row!.id;
  });
  return incident(deps, ctx, id);
}

export async function incident(deps: Deps, ctx: RequestContext, id: string): Promise<IncidentView> {
  const [row] = await deps.db.query<Row>(`${SELECT} WHERE i.id = $1`, [id]);
  if (!row || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(row))) throw new AppError('NOT_FOUND', { incident: id });
  return toView(row);
}

/** Decides what became of an incident, once; "registered" names the case it became (a case the caller's unit may see). */
export async function decideIncident(deps: Deps, ctx: RequestContext, id: string, input: { outcome: 'registered' | 'declined' | 'administrative-penalty' | 'mediated'; caseId?: string; note?: string }): Promise<IncidentView> {
  if (input.outcome === 'registered' && !input.caseId) throw new AppError('VALIDATION_FAILED', [{ field: 'caseId', message: { zh: '立案须指明所立案件', en: 'the case registered is required' } }]);
  if (input.outcome !== 'registered' && !input.note?.trim()) throw new AppError('VALIDATION_FAILED', [{ field: 'note', message: { zh: '须说明不予立案、行政处罚或调解的理由', en: 'say why it was not registered as a case' } }]);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<Row>(`${SELECT} WHERE i.id = $1 FOR UPDATE OF i`, [id]);
    if (!row || !isAllowed(deps.permissions, ctx.principal, 'read', refOf(row))) throw new AppError('NOT_FOUND', { incident: id });
    if (!isAllowed(deps.permissions, ctx.principal, 'update', refOf(row))) throw new AppError('FORBIDDEN', { incident: id });
    // a case withdrawn and registered again for the same facts is a new registration of the same incident
    if (row.outcome !== 'pending' && !(row.outcome === 'registered' && input.outcome === 'registered')) throw new AppError('INCIDENT_ALREADY_DECIDED', { outcome: row.outcome });
    if (input.caseId) {
      const c = await visibleCase(deps, tx, ctx, input.caseId);
      const [linked] = await tx.query<{ incident_id: string | null }>('SELECT incident_id FROM criminal_case WHERE id = $1', [c.id]);
      if (linked?.incident_id && linked.incident_id !== id) throw new AppError('INCIDENT_ALREADY_DECIDED', { caseId: c.id, incidentId: linked.incident_id });
      await tx.query('UPDATE criminal_case SET incident_id = $2 WHERE id = $1', [c.id, id]);
    }
    const at = deps.now().toISOString();
    await tx.query('UPDATE incident SET outcome = $2, outcome_at = coalesce(outcome_at, $3), outcome_note = coalesce($4, outcome_note) WHERE id = $1', [id, input.outcome, at, input.note ?? null]);
    await appendAudit(tx, { ...auditActor(ctx), action: 'incident.decide', resourceKind: 'incident', resourceId: id, details: { outcome: input.outcome, caseId: input.caseId ?? null } });
  });
  return incident(deps, ctx, id);
}

export async function listIncidents(deps: Deps, ctx: RequestContext, f: { outcome?: string; limit: number; offset: number }) {
  const scope = scopeOf(deps.permissions, ctx.principal, 'read', 'incident');
  const params: unknown[] = [];
  const where = [scopeToSql(scope, { unitId: 'i.unit_id', regionCode: 'i.region_code', agency: 'u.agency' }, params)];
  if (f.outcome) where.push(`i.outcome = $${params.push(f.outcome)}`);
  const [count] = await deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incident i JOIN unit u ON u.id = i.unit_id WHERE ${where.join(' AND ')}`, params);
  const rows = await deps.db.query<Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY i.reported_at DESC, i.id LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`, params);
  return { total: count!.n, items: rows.map(toView) };
}
