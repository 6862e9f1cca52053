/** SQL of paper-dossier loans (纸质卷宗调阅). No rules here. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import { isUuid, iso } from '../cases/cases.repository.ts';

export const LOAN_STATES = ['requested', 'lent', 'refused', 'returned'] as const;
export type LoanState = (typeof LOAN_STATES)[number];

export interface LoanRecord {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  /** The case's region: where the loan stands for the permission table. */
  regionCode: string;
  requesterUnitId: string;
  requesterUnitName: string;
  holderUnitId: string;
  holderUnitName: string;
  holderAgency: string;
  reason: string;
  pages: string;
  state: LoanState;
  requestedAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
  /** YYYY-MM-DD (China Standard Time), set when lent. */
  dueDate: string | null;
  returnedAt: string | null;
}

interface LoanRow {
  id: string;
  case_id: string;
  case_number: string;
  case_title: string;
  region_code: string;
  requester_unit_id: string;
  requester_unit_name: string;
  holder_unit_id: string;
  holder_unit_name: string;
  holder_agency: string;
  reason: string;
  pages: string;
  state: LoanState;
  requested_at: Date | string;
  decided_at: Date | string | null;
  refusal_reason: string | null;
  due: string | null;
  returned_at: Date | string | null;
}

const LOAN_SELECT = `
  SELECT l.id, l.case_id, c.case_number, c.title AS case_title, c.region_code, l.requester_unit_id, ru.name AS requester_unit_name,
         l.holder_unit_id, hu.name AS holder_unit_name, hu.agency AS holder_agency, l.reason, l.pages, l.state, l.requested_at,
         l.decided_at, l.refusal_reason, to_char(l.due_date, 'YYYY-MM-DD') AS due, l.returned_at
    FROM paper_loan l JOIN criminal_case c ON c.id = l.case_id
         JOIN unit ru ON ru.id = l.requester_unit_id JOIN unit hu ON hu.id = l.holder_unit_id`;

const toLoan = (r: LoanRow): LoanRecord => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  caseTitle: r.case_title,
  regionCode: r.region_code,
  requesterUnitId: r.requester_unit_id,
  requesterUnitName: r.requester_unit_name,
  holderUnitId: r.holder_unit_id,
  holderUnitName: r.holder_unit_name,
  holderAgency: r.holder_agency,
  reason: r.reason,
  pages: r.pages,
  state: r.state,
  requestedAt: iso(r.requested_at)!,
  decidedAt: iso(r.decided_at),
  refusalReason: r.refusal_reason,
  dueDate: r.due,
  returnedAt: iso(r.returned_at),
});

/** The loan, or null; `lock` takes its row lock for the rest of the transaction. */
export async function findLoan(db: Queryable, id: string, lock = false): Promise<LoanRecord | null> {
  if (!isUuid(id)) return null;
  if (lock) await db.query('SELECT 1 FROM paper_loan WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<LoanRow>(`${LOAN_SELECT} WHERE l.id = $1`, [id]);
  return row ? toLoan(row) : null;
}

/** The loans of a case, oldest first. */
export async function loansOfCase(db: Queryable, caseId: string): Promise<LoanRecord[]> {
  const rows = await db.query<LoanRow>(`${LOAN_SELECT} WHERE l.case_id = $1 ORDER BY l.requested_at, l.id`, [caseId]);
  return rows.map(toLoan);
}

/** A loan of the case the unit asked for and that is not over yet (requested or lent). */
export async function openLoanId(db: Queryable, caseId: string, requesterUnitId: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM paper_loan WHERE case_id = $1 AND requester_unit_id = $2 AND state IN ('requested', 'lent') LIMIT 1`,
    [caseId, requesterUnitId],
  );
  return row?.id ?? null;
}

export async function insertLoan(
  tx: Queryable,
  l: { caseId: string; requesterUnitId: string; requestedBy: string | null; holderUnitId: string; reason: string; pages: string; requestedAt: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO paper_loan (case_id, requester_unit_id, requested_by, holder_unit_id, reason, pages, state, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7) RETURNING id`,
    [l.caseId, l.requesterUnitId, l.requestedBy, l.holderUnitId, l.reason, l.pages, l.requestedAt],
  );
  return row!.id;
}

export async function recordDecision(
  tx: Queryable,
  id: string,
  d: { state: 'lent' | 'refused'; decidedAt: string; decidedBy: string | null; dueDate: string | null; refusalReason: string | null },
): Promise<void> {
  await tx.query('UPDATE paper_loan SET state = $2, decided_at = $3, decided_by = $4, due_date = $5::date, refusal_reason = $6 WHERE id = $1', [
    id,
    d.state,
    d.decidedAt,
    d.decidedBy,
    d.dueDate,
    d.refusalReason,
  ]);
}

export async function recordReturn(tx: Queryable, id: string, at: string): Promise<void> {
  await tx.query(`UPDATE paper_loan SET state = 'returned', returned_at = $2 WHERE id = $1`, [id, at]);
}

export interface LoanListFilter {
  /** incoming: loans asked of the unit (it holds the dossier); outgoing: loans the unit asked for. */
  direction?: 'incoming' | 'outgoing';
  state?: LoanState;
  unitId: string;
  limit: number;
  offset: number;
}

/** The loans of one unit (asked of it or by it), within the caller's scope, newest first. */
export async function listLoans(db: Queryable, scope: Scope, f: LoanListFilter): Promise<{ items: LoanRecord[]; total: number }> {
  const params: unknown[] = [];
  const where = [
    scopeToSql(scope, { unitId: 'l.holder_unit_id', regionCode: 'c.region_code', agency: 'hu.agency', partyUnit: (p) => `l.requester_unit_id = ${p}` }, params),
  ];
  params.push(f.unitId);
  const me = `$${params.length}`;
  if (f.direction === 'incoming') where.push(`l.holder_unit_id = ${me}`);
  else if (f.direction === 'outgoing') where.push(`l.requester_unit_id = ${me}`);
  else where.push(`(l.holder_unit_id = ${me} OR l.requester_unit_id = ${me})`);
  if (f.state) {
    params.push(f.state);
    where.push(`l.state = $${params.length}`);
  }
  const from = LOAN_SELECT.slice(LOAN_SELECT.indexOf('FROM'));
  const [count] = await db.query<{ n: string | number }>(`SELECT count(*) AS n ${from} WHERE ${where.join(' AND ')}`, params);
  params.push(f.limit, f.offset);
  const rows = await db.query<LoanRow>(
    `${LOAN_SELECT} WHERE ${where.join(' AND ')} ORDER BY l.requested_at DESC, l.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { items: rows.map(toLoan), total: Number(count!.n) };
}

/** Loans waiting for the unit's decision, and lent loans past their due date that the unit lent or borrowed. */
export async function loansForInbox(db: Queryable, unitId: string, today: string): Promise<LoanRecord[]> {
  const rows = await db.query<LoanRow>(
    `${LOAN_SELECT}
      WHERE (l.holder_unit_id = $1 AND l.state = 'requested')
         OR (l.state = 'lent' AND l.due_date < $2::date AND (l.holder_unit_id = $1 OR l.requester_unit_id = $1))
      ORDER BY l.requested_at LIMIT 200`,
    [unitId, today],
  );
  return rows.map(toLoan);
}
