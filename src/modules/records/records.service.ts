/**
 * Structured case records (办案记录, rules/case-records.yaml): a sentence, a blood-alcohol result, an appraisal, a
 * finding of meritorious service, a commutation or parole proposal — written by the unit working the case whose
 * agency records that kind, checked against the kind, on the case timeline and in the audit log. Oversight's
 * models read them.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/client.ts';
import { checkRecordData } from '../../engine/case-records/kinds.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type RequestContext, auditActor } from '../auth/principal.ts';
import { appendCaseEvent, iso, listPersons } from '../cases/cases.repository.ts';
import { visibleCase, writableCase } from '../cases/cases.service.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'caseFlow' | 'clock' | 'evidenceChecklists' | 'files' | 'masterKey' | 'config' | 'now' | 'caseRecords'>;

export interface CaseRecordView {
  id: string;
  kind: string;
  personId: string | null;
  data: Record<string, unknown>;
  unitId: string;
  unitName: string;
  recordedAt: string;
}

export async function addCaseRecord(deps: Deps, ctx: RequestContext, caseId: string, input: { kind: string; personId?: string | null; data: Record<string, unknown> }): Promise<{ id: string }> {
  const kind = deps.caseRecords.kinds.get(input.kind);
  if (!kind) throw new AppError('RECORD_KIND_UNKNOWN', { kind: input.kind, known: [...deps.caseRecords.kinds.keys()] });
  const p = ctx.principal;
  if (!kind.agencies.includes(p.agency)) {
    throw new AppError('FORBIDDEN', { kind: kind.id }, { zh: `「${kind.name.zh}」由${kind.agencies.join('、')}记录`, en: `"${kind.name.en}" is recorded by: ${kind.agencies.join(', ')}` });
  }
  const problems = checkRecordData(kind, input.data);
  if (kind.person && !input.personId) problems.push({ field: 'personId', message: { zh: '须指明当事人', en: 'the person it is about is required' } });
  if (!kind.person && input.personId) problems.push({ field: 'personId', message: { zh: '该记录不针对个人', en: 'this kind is not about one person' } });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems);
  return deps.db.transaction(async (tx) => {
    const c = await writableCase(deps, tx, ctx, caseId, true);
    if (input.personId && !(await listPersons(tx, c.id)).some((x) => x.id === input.personId)) throw new AppError('NOT_FOUND', { personId: input.personId });
    const at = deps.now().toISOString();
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO case_record (case_id, person_id, kind, data, unit_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [c.id, input.personId ?? null, kind.id, JSON.stringify(input.data), p.unitId, p.userId, at],
    );
    const details = { recordId: row!.id, kind: kind.id, personId: input.personId ?? null };
    await appendCaseEvent(tx, { caseId: c.id, at, kind: 'record-added', unitId: p.unitId, userId: p.userId, details });
    await appendAudit(tx, { ...auditActor(ctx), action: 'case.record.add', resourceKind: 'case', resourceId: c.id, details });
    return { id: row!.id };
  });
}

export async function caseRecordsOf(db: Queryable, caseId: string): Promise<CaseRecordView[]> {
  const rows = await db.query<{ id: string; kind: string; person_id: string | null; data: Record<string, unknown> | string; unit_id: string; unit_name: string; recorded_at: Date | string }>(
    'SELECT r.id, r.kind, r.person_id, r.data, r.unit_id, u.name AS unit_name, r.recorded_at FROM case_record r JOIN unit u ON u.id = r.unit_id WHERE r.case_id = $1 ORDER BY r.recorded_at, r.id',
    [caseId],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, personId: r.person_id, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data, unitId: r.unit_id, unitName: r.unit_name, recordedAt: iso(r.recorded_at)! }));
}

/** The records of a case the caller may read. */
export async function listCaseRecords(deps: Deps, ctx: RequestContext, caseId: string) {
  const c = await visibleCase(deps, deps.db, ctx, caseId);
  return { items: await caseRecordsOf(deps.db, c.id) };
}

export function recordKinds(deps: Pick<Deps, 'caseRecords'>) {
  return {
    kinds: [...deps.caseRecords.kinds.values()],
    incidentCategories: [...deps.caseRecords.incidentCategories.entries()].map(([id, name]) => ({ id, ...name })),
  };
}
