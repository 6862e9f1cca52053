/** SQL of the case flow: cases, persons, documents, transfers, clocks, the timeline. No rules here. */
import type { Queryable } from '../../db/client.ts';
import { scopeToSql } from '../../db/scope-sql.ts';
import type { Scope } from '../../engine/permissions/permissions.ts';
import type { LedgerEvent } from '../../engine/clock/types.ts';

/** A timestamp column as an ISO string; null (or absent) stays null. */
/** A timestamp column as ISO 8601 (UTC); null stays null. */
export function iso(v: Date | string): string;
export function iso(v: Date | string | null | undefined): string | null;
export function iso(v: Date | string | null | undefined): string | null {
  return v === null || v === undefined ? null : new Date(v).toISOString();
}

export interface CaseRecord {
  id: string;
  caseNumber: string;
  title: string;
  charge: string;
  regionCode: string;
  stage: string;
  holderUnitId: string | null;
  holderAgency: string | null;
  holderUnitName: string | null;
  registeredBy: string;
  registeredAt: string;
  classified: boolean;
  onPaper: boolean;
  onPaperReason: string | null;
  counters: Record<string, number>;
  closedAt: string | null;
  version: number;
  partyUnitIds: string[];
}

interface CaseRow {
  id: string;
  case_number: string;
  title: string;
  charge: string;
  region_code: string;
  stage: string;
  holder_unit_id: string | null;
  holder_agency: string | null;
  holder_unit_name: string | null;
  registered_by: string;
  registered_at: Date | string;
  classified: boolean;
  on_paper: boolean;
  on_paper_reason: string | null;
  counters: Record<string, number> | string;
  closed_at: Date | string | null;
  version: number;
  party_unit_ids: string[] | null;
}

const CASE_SELECT = `
  SELECT c.*, u.agency AS holder_agency, u.name AS holder_unit_name,
         ARRAY(SELECT cu.unit_id::text FROM case_unit cu WHERE cu.case_id = c.id) AS party_unit_ids
    FROM criminal_case c LEFT JOIN unit u ON u.id = c.holder_unit_id`;

function toCase(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    caseNumber: r.case_number,
    title: r.title,
    charge: r.charge,
    regionCode: r.region_code,
    stage: r.stage,
    holderUnitId: r.holder_unit_id,
    holderAgency: r.holder_agency,
    holderUnitName: r.holder_unit_name,
    registeredBy: r.registered_by,
    registeredAt: iso(r.registered_at)!,
    classified: r.classified,
    onPaper: r.on_paper,
    onPaperReason: r.on_paper_reason,
    counters: typeof r.counters === 'string' ? JSON.parse(r.counters) : r.counters,
    closedAt: iso(r.closed_at),
    version: r.version,
    partyUnitIds: r.party_unit_ids ?? [],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);

/** The case, or null; `lock` takes its row lock for the rest of the transaction (every change does). */
export async function findCase(db: Queryable, id: string, lock = false): Promise<CaseRecord | null> {
  if (!isUuid(id)) return null;
  if (lock) await db.query('SELECT 1 FROM criminal_case WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id], 'case-by-id');
  return row ? toCase(row) : null;
}

export async function insertCase(
  tx: Queryable,
  c: { title: string; charge: string; regionCode: string; unitId: string; registeredAt: string; classified: boolean },
): Promise<{ id: string; caseNumber: string }> {
  const [row] = await tx.query<{ id: string; case_number: string }>(
    `INSERT INTO criminal_case (case_number, title, charge, region_code, stage, holder_unit_id, registered_by, registered_at,
                                classified, on_paper, on_paper_reason)
     VALUES ('(' || to_char($5::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || ')' || $3 || '刑立' ||
             (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('criminal_case_number_seq') AS n) || '号',
             $1, $2, $3, 'registered', $4, $4, $5, $6, $6, CASE WHEN $6 THEN 'classified' END)
     RETURNING id, case_number`,
    [c.title, c.charge, c.regionCode, c.unitId, c.registeredAt, c.classified],
  );
  await addCaseUnit(tx, row!.id, c.unitId);
  return { id: row!.id, caseNumber: row!.case_number };
}

export async function addCaseUnit(tx: Queryable, caseId: string, unitId: string): Promise<void> {
  await tx.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [caseId, unitId]);
}

export async function updateCaseStage(
  tx: Queryable,
  id: string,
  change: { stage: string; holderUnitId: string | null; counters: Record<string, number>; closedAt: string | null },
): Promise<void> {
  await tx.query(
    'UPDATE criminal_case SET stage = $2, holder_unit_id = $3, counters = $4, closed_at = $5, version = version + 1 WHERE id = $1',
    [id, change.stage, change.holderUnitId, JSON.stringify(change.counters), change.closedAt],
  );
}

export async function markOnPaper(tx: Queryable, id: string, reason: string): Promise<void> {
  await tx.query('UPDATE criminal_case SET on_paper = true, on_paper_reason = coalesce(on_paper_reason, $2) WHERE id = $1', [id, reason]);
}

export interface CaseListFilter {
  stage?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listCases(db: Queryable, scope: Scope, f: CaseListFilter): Promise<{ items: CaseRecord[]; total: number }> {
  const params: unknown[] = [];
  const where = [
    scopeToSql(scope, { unitId: 'c.holder_unit_id', regionCode: 'c.region_code', partyUnit: (p) => `EXISTS (SELECT 1 FROM case_unit cu WHERE cu.case_id = c.id AND cu.unit_id = ${p})` }, params),
  ];
  if (f.stage) {
    params.push(f.stage);
    where.push(`c.stage = $${params.length}`);
  }
  if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(c.case_number LIKE $${params.length} OR c.title LIKE $${params.length})`);
  }
  const [count] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM criminal_case c WHERE ${where.join(' AND ')}`, params);
  params.push(f.limit, f.offset);
  const rows = await db.query<CaseRow>(
    `${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.registered_at DESC, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { items: rows.map(toCase), total: Number(count!.n) };
}

// --- persons -------------------------------------------------------------------------------------------------

export interface PersonRecord {
  id: string;
  caseId: string;
  role: 'suspect' | 'defendant' | 'convict' | 'victim' | 'defender';
  name: string;
  idNumber: string | null;
  phone: string | null;
  measure: string | null;
  inCustody: boolean;
}

interface PersonRow {
  id: string;
  case_id: string;
  role: PersonRecord['role'];
  name: string;
  id_number: string | null;
  phone: string | null;
  measure: string | null;
  in_custody: boolean;
}

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  caseId: r.case_id,
  role: r.role,
  name: r.name,
  idNumber: r.id_number,
  phone: r.phone,
  measure: r.measure,
  inCustody: r.in_custody,
});

export async function listPersons(db: Queryable, caseId: string): Promise<PersonRecord[]> {
  const rows = await db.query<PersonRow>('SELECT * FROM case_person WHERE case_id = $1 ORDER BY created_at, id', [caseId]);
  return rows.map(toPerson);
}

export async function insertPerson(tx: Queryable, p: Omit<PersonRecord, 'id' | 'measure' | 'inCustody'>): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO case_person (case_id, role, name, id_number, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [p.caseId, p.role, p.name, p.idNumber, p.phone],
  );
  return row!.id;
}

export async function setPersonMeasure(tx: Queryable, id: string, measure: string | null, inCustody: boolean): Promise<void> {
  await tx.query('UPDATE case_person SET measure = $2, in_custody = $3 WHERE id = $1', [id, measure, inCustody]);
}

export async function setPersonRole(tx: Queryable, caseId: string, from: string, to: string): Promise<void> {
  await tx.query('UPDATE case_person SET role = $3 WHERE case_id = $1 AND role = $2', [caseId, from, to]);
}

// --- documents -----------------------------------------------------------------------------------------------

export interface DocumentRecord {
  id: string;
  caseId: string;
  kind: string;
  name: string;
  volume: number;
  sm3: string;
  mime: string;
  sizeBytes: number;
  pages: number;
  unitId: string;
  uploadedAt: string;
}

interface DocumentRow {
  id: string;
  case_id: string;
  kind: string;
  name: string;
  volume: number;
  sm3: string;
  mime: string;
  size_bytes: string | number;
  pages: number;
  unit_id: string;
  uploaded_at: Date | string;
}

const toDocument = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  name: r.name,
  volume: r.volume,
  sm3: r.sm3,
  mime: r.mime,
  sizeBytes: Number(r.size_bytes),
  pages: r.pages,
  unitId: r.unit_id,
  uploadedAt: iso(r.uploaded_at)!,
});

export async function listDocuments(db: Queryable, caseId: string): Promise<DocumentRecord[]> {
  const rows = await db.query<DocumentRow>('SELECT * FROM case_document WHERE case_id = $1 ORDER BY volume, uploaded_at, id', [caseId]);
  return rows.map(toDocument);
}

export async function findDocument(db: Queryable, id: string): Promise<DocumentRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.query<DocumentRow>('SELECT * FROM case_document WHERE id = $1', [id]);
  return row ? toDocument(row) : null;
}

export async function insertDocument(tx: Queryable, d: Omit<DocumentRecord, 'id'> & { uploadedBy: string | null }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO case_document (case_id, kind, name, volume, sm3, mime, size_bytes, pages, unit_id, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [d.caseId, d.kind, d.name, d.volume, d.sm3, d.mime, d.sizeBytes, d.pages, d.unitId, d.uploadedBy, d.uploadedAt],
  );
  return row!.id;
}

export async function dossierPages(db: Queryable, caseId: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>('SELECT coalesce(sum(pages), 0) AS n FROM case_document WHERE case_id = $1', [caseId]);
  return Number(row!.n);
}

// --- transfers -----------------------------------------------------------------------------------------------

export interface TransferRecord {
  id: string;
  caseId: string;
  transition: string;
  scenario: string;
  senderUnitId: string;
  senderUnitName: string;
  receiverUnitId: string;
  receiverUnitName: string;
  sentAt: string;
  idempotencyKey: string;
  manifest: string;
  manifestSm3: string;
  signature: string;
  keyId: string;
  state: 'sent' | 'accepted' | 'returned' | 'answered';
  receivedAt: string | null;
  returnReason: string | null;
  fromStage: string;
  toStage: string | null;
  onPaper: boolean;
  personIds: string[];
  extension: string | null;
  answersTransferId: string | null;
  evidenceOverride: string | null;
  note: string | null;
  documentIds: string[];
}

interface TransferRow {
  id: string;
  case_id: string;
  transition: string;
  scenario: string;
  sender_unit_id: string;
  sender_unit_name: string;
  receiver_unit_id: string;
  receiver_unit_name: string;
  sent_at: Date | string;
  idempotency_key: string;
  manifest: string;
  manifest_sm3: string;
  signature: string;
  key_id: string;
  state: TransferRecord['state'];
  received_at: Date | string | null;
  return_reason: string | null;
  from_stage: string;
  to_stage: string | null;
  on_paper: boolean;
  person_ids: string[] | null;
  extension: string | null;
  answers_transfer_id: string | null;
  evidence_override: string | null;
  note: string | null;
  document_ids: string[] | null;
}

const TRANSFER_SELECT = `
  SELECT t.*, su.name AS sender_unit_name, ru.name AS receiver_unit_name,
         ARRAY(SELECT td.document_id::text FROM transfer_document td WHERE td.transfer_id = t.id) AS document_ids
    FROM transfer t JOIN unit su ON su.id = t.sender_unit_id JOIN unit ru ON ru.id = t.receiver_unit_id`;

const toTransfer = (r: TransferRow): TransferRecord => ({
  id: r.id,
  caseId: r.case_id,
  transition: r.transition,
  scenario: r.scenario,
  senderUnitId: r.sender_unit_id,
  senderUnitName: r.sender_unit_name,
  receiverUnitId: r.receiver_unit_id,
  receiverUnitName: r.receiver_unit_name,
  sentAt: iso(r.sent_at)!,
  idempotencyKey: r.idempotency_key,
  manifest: r.manifest,
  manifestSm3: r.manifest_sm3,
  signature: r.signature,
  keyId: r.key_id,
  state: r.state,
  receivedAt: iso(r.received_at),
  returnReason: r.return_reason,
  fromStage: r.from_stage,
  toStage: r.to_stage,
  onPaper: r.on_paper,
  personIds: (r.person_ids ?? []).map(String),
  extension: r.extension,
  answersTransferId: r.answers_transfer_id,
  evidenceOverride: r.evidence_override,
  note: r.note,
  documentIds: r.document_ids ?? [],
});

export async function findTransfer(db: Queryable, id: string, lock = false): Promise<TransferRecord | null> {
  if (!isUuid(id)) return null;
  if (lock) await db.query('SELECT 1 FROM transfer WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.id = $1`, [id]);
  return row ? toTransfer(row) : null;
}

export async function findTransferByKey(db: Queryable, senderUnitId: string, key: string): Promise<TransferRecord | null> {
  const [row] = await db.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.sender_unit_id = $1 AND t.idempotency_key = $2`, [senderUnitId, key]);
  return row ? toTransfer(row) : null;
}

export async function listTransfers(db: Queryable, caseId: string): Promise<TransferRecord[]> {
  const rows = await db.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.case_id = $1 ORDER BY t.sent_at, t.id`, [caseId]);
  return rows.map(toTransfer);
}

export async function listAllTransferIds(db: Queryable, caseId: string | null): Promise<string[]> {
  const rows = caseId
    ? await db.query<{ id: string }>('SELECT id FROM transfer WHERE case_id = $1 ORDER BY sent_at, id', [caseId])
    : await db.query<{ id: string }>('SELECT id FROM transfer ORDER BY sent_at, id');
  return rows.map((r) => r.id);
}

/** Inserts the transfer unless the sender already used the key; answers null then. */
export async function insertTransfer(
  tx: Queryable,
  t: Omit<TransferRecord, 'state' | 'receivedAt' | 'returnReason' | 'senderUnitName' | 'receiverUnitName'> & { sentBy: string | null },
): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO transfer (id, case_id, transition, scenario, sender_unit_id, receiver_unit_id, sent_by, sent_at, idempotency_key,
                           manifest, manifest_sm3, signature, key_id, state, from_stage, to_stage, on_paper, person_ids,
                           extension, answers_transfer_id, evidence_override, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'sent', $14, $15, $16, $17::uuid[], $18, $19, $20, $21)
     ON CONFLICT (sender_unit_id, idempotency_key) DO NOTHING RETURNING id`,
    [
      t.id, t.caseId, t.transition, t.scenario, t.senderUnitId, t.receiverUnitId, t.sentBy, t.sentAt, t.idempotencyKey,
      t.manifest, t.manifestSm3, t.signature, t.keyId, t.fromStage, t.toStage, t.onPaper, t.personIds,
      t.extension, t.answersTransferId, t.evidenceOverride, t.note,
    ],
  );
  if (rows.length === 0) return false;
  for (const documentId of t.documentIds) {
    await tx.query('INSERT INTO transfer_document (transfer_id, document_id) VALUES ($1, $2)', [t.id, documentId]);
  }
  return true;
}

export async function setTransferState(
  tx: Queryable,
  id: string,
  change: { state: TransferRecord['state']; receivedBy?: string | null; receivedAt?: string | null; returnReason?: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE transfer SET state = $2, received_by = coalesce($3, received_by), received_at = coalesce($4::timestamptz, received_at),
            return_reason = coalesce($5, return_reason) WHERE id = $1`,
    [id, change.state, change.receivedBy ?? null, change.receivedAt ?? null, change.returnReason ?? null],
  );
}

/** Hand-overs of the case still awaiting the receiver (sent, not yet accepted, returned or answered). */
export async function pendingTransfers(db: Queryable, caseId: string): Promise<TransferRecord[]> {
  const rows = await db.query<TransferRow>(`${TRANSFER_SELECT} WHERE t.case_id = $1 AND t.state = 'sent' ORDER BY t.sent_at`, [caseId]);
  return rows.map(toTransfer);
}

/** The latest accepted (or answered) request of a scenario the case is answering. */
export async function latestRequest(db: Queryable, caseId: string, scenario: string, receiverUnitId: string): Promise<TransferRecord | null> {
  const [row] = await db.query<TransferRow>(
    `${TRANSFER_SELECT} WHERE t.case_id = $1 AND t.scenario = $2 AND t.receiver_unit_id = $3 AND t.state IN ('sent', 'accepted')
       AND t.answers_transfer_id IS NULL ORDER BY t.sent_at DESC LIMIT 1`,
    [caseId, scenario, receiverUnitId],
  );
  return row ? toTransfer(row) : null;
}

/** Transfers received by a unit and still to accept or return, soonest first. */
export async function incomingTransfers(db: Queryable, unitId: string): Promise<(TransferRecord & { caseNumber: string; title: string })[]> {
  const rows = await db.query<TransferRow & { case_number: string; title: string }>(
    `${TRANSFER_SELECT.replace('FROM transfer t', 'FROM transfer t JOIN criminal_case cc ON cc.id = t.case_id').replace('SELECT t.*,', 'SELECT t.*, cc.case_number, cc.title,')}
      WHERE t.receiver_unit_id = $1 AND t.state = 'sent' ORDER BY t.sent_at LIMIT 200`,
    [unitId],
  );
  return rows.map((r) => ({ ...toTransfer(r), caseNumber: r.case_number, title: r.title }));
}

// --- clocks --------------------------------------------------------------------------------------------------

export interface ClockRecord {
  id: string;
  caseId: string;
  personId: string | null;
  ruleId: string;
  ledger: LedgerEvent[];
  state: 'running' | 'paused' | 'stopped';
  dueAt: string | null;
  provisional: boolean;
  unitId: string | null;
  startedAt: string;
}

interface ClockRow {
  id: string;
  case_id: string;
  person_id: string | null;
  rule_id: string;
  ledger: LedgerEvent[] | string;
  state: ClockRecord['state'];
  due_at: Date | string | null;
  provisional: boolean;
  unit_id: string | null;
  started_at: Date | string;
}

const toClock = (r: ClockRow): ClockRecord => ({
  id: r.id,
  caseId: r.case_id,
  personId: r.person_id,
  ruleId: r.rule_id,
  ledger: typeof r.ledger === 'string' ? JSON.parse(r.ledger) : r.ledger,
  state: r.state,
  dueAt: iso(r.due_at),
  provisional: r.provisional,
  unitId: r.unit_id,
  startedAt: iso(r.started_at)!,
});

export async function listClocks(db: Queryable, caseId: string): Promise<ClockRecord[]> {
  const rows = await db.query<ClockRow>('SELECT * FROM case_clock WHERE case_id = $1 ORDER BY started_at, id', [caseId]);
  return rows.map(toClock);
}

export async function insertClock(tx: Queryable, c: Omit<ClockRecord, 'id'>): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO case_clock (case_id, person_id, rule_id, ledger, state, due_at, provisional, unit_id, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [c.caseId, c.personId, c.ruleId, JSON.stringify(c.ledger), c.state, c.dueAt, c.provisional, c.unitId, c.startedAt],
  );
  return row!.id;
}

/** A new ledger for a clock; `at`: the moment of its latest event (when the period last changed). */
export async function updateClock(tx: Queryable, id: string, c: Pick<ClockRecord, 'ledger' | 'state' | 'dueAt' | 'provisional' | 'unitId'>, at: string): Promise<void> {
  await tx.query('UPDATE case_clock SET ledger = $2, state = $3, due_at = $4, provisional = $5, unit_id = $6, updated_at = $7 WHERE id = $1', [
    id,
    JSON.stringify(c.ledger),
    c.state,
    c.dueAt,
    c.provisional,
    c.unitId,
    at,
  ]);
}

/** Running clocks of the cases a unit holds, soonest due first. */
export async function runningClocksOfUnit(db: Queryable, unitId: string, limit: number): Promise<(ClockRecord & { caseNumber: string; title: string; personName: string | null })[]> {
  const rows = await db.query<ClockRow & { case_number: string; title: string; person_name: string | null }>(
    `SELECT k.*, c.case_number, c.title, p.name AS person_name
       FROM case_clock k JOIN criminal_case c ON c.id = k.case_id LEFT JOIN case_person p ON p.id = k.person_id
      WHERE k.unit_id = $1 AND k.state = 'running' ORDER BY k.due_at NULLS LAST LIMIT $2`,
    [unitId, limit],
  );
  return rows.map((r) => ({ ...toClock(r), caseNumber: r.case_number, title: r.title, personName: r.person_name }));
}

/** The clocks of a case move with it: the unit now holding the case answers for them. */
export async function reassignClocks(tx: Queryable, caseId: string, unitId: string | null): Promise<void> {
  await tx.query(`UPDATE case_clock SET unit_id = $2, updated_at = now() WHERE case_id = $1 AND state <> 'stopped'`, [caseId, unitId]);
}

// --- evidence and the timeline -------------------------------------------------------------------------------

export async function evidenceItemIds(db: Queryable, caseId: string): Promise<Set<string>> {
  const rows = await db.query<{ checklist_item: string }>('SELECT DISTINCT checklist_item FROM evidence_item WHERE case_id = $1 AND checklist_item IS NOT NULL', [caseId]);
  return new Set(rows.map((r) => r.checklist_item));
}

export interface EvidenceRecord {
  id: string;
  checklistItem: string | null;
  description: string;
  documentId: string | null;
  addedAt: string;
}

export async function listEvidence(db: Queryable, caseId: string): Promise<EvidenceRecord[]> {
  const rows = await db.query<{ id: string; checklist_item: string | null; description: string; document_id: string | null; added_at: Date | string }>(
    'SELECT id, checklist_item, description, document_id, added_at FROM evidence_item WHERE case_id = $1 ORDER BY added_at, id',
    [caseId],
  );
  return rows.map((r) => ({ id: r.id, checklistItem: r.checklist_item, description: r.description, documentId: r.document_id, addedAt: iso(r.added_at)! }));
}

export async function insertEvidence(tx: Queryable, e: { caseId: string; checklistItem: string | null; description: string; documentId: string | null; unitId: string; addedAt: string }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO evidence_item (case_id, checklist_item, description, document_id, unit_id, added_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [e.caseId, e.checklistItem, e.description, e.documentId, e.unitId, e.addedAt],
  );
  return row!.id;
}

export interface CaseEventRecord {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  userId: string | null;
  details: Record<string, unknown>;
}

export async function appendCaseEvent(
  tx: Queryable,
  e: { caseId: string; at: string; kind: string; unitId: string | null; userId: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await tx.query('INSERT INTO case_event (case_id, at, kind, unit_id, user_id, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.caseId,
    e.at,
    e.kind,
    e.unitId,
    e.userId,
    JSON.stringify(e.details ?? {}),
  ]);
}

export async function listCaseEvents(db: Queryable, caseId: string): Promise<CaseEventRecord[]> {
  const rows = await db.query<{ id: string | number; at: Date | string; kind: string; unit_id: string | null; unit_name: string | null; user_id: string | null; details: Record<string, unknown> | string }>(
    'SELECT e.*, u.name AS unit_name FROM case_event e LEFT JOIN unit u ON u.id = e.unit_id WHERE e.case_id = $1 ORDER BY e.at, e.id',
    [caseId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: iso(r.at)!,
    kind: r.kind,
    unitId: r.unit_id,
    unitName: r.unit_name,
    userId: r.user_id,
    details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
  }));
}

/** The earliest due moment of the running clocks an extension request asks to extend, kept on the request. */
export async function recordCustodyDue(tx: Queryable, transferId: string, caseId: string, rules: readonly string[], personIds: readonly string[]): Promise<void> {
  await tx.query(
    `UPDATE transfer SET custody_due_at = (
       SELECT min(k.due_at) FROM case_clock k
        WHERE k.case_id = $2 AND k.rule_id = ANY($3::text[]) AND k.state = 'running' AND (cardinality($4::uuid[]) = 0 OR k.person_id = ANY($4::uuid[])))
     WHERE id = $1`,
    [transferId, caseId, rules, personIds],
  );
}
