/**
 * Records for the warning models' tests, written straight into the tables (the models read the tables, not the
 * services): a case, its persons, clocks, transfers, documents, loans and property, each with the few fields a
 * model looks at and the rest filled with what the services would write.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../src/db/client.ts';
import { newTrackingCode } from '../src/shared/tracking-code.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Fixtures {
  units: Record<string, string>;
  at(offsetMs: number): string;
  case(o?: { stage?: string; holder?: string; registeredBy?: string; closedAgo?: number; registeredAgo?: number; classified?: boolean; onPaper?: boolean; charge?: string; incident?: string }): Promise<string>;
  person(caseId: string, o?: { measure?: string | null; inCustody?: boolean }): Promise<string>;
  clock(caseId: string, o: { rule: string; person?: string | null; state?: 'running' | 'paused' | 'stopped'; dueIn: number; unit?: string; updatedAgo?: number }): Promise<string>;
  transfer(caseId: string, o: { scenario: string; transition?: string; state?: string; sentAgo?: number; sender?: string; receiver?: string; onPaper?: boolean; evidenceOverride?: string | null; documents?: string[]; persons?: string[]; custodyDueIn?: number }): Promise<string>;
  document(caseId: string, o?: { kind?: string; pages?: number; unit?: string }): Promise<string>;
  loan(caseId: string, o: { state: string; dueIn?: number; requester?: string; holder?: string }): Promise<string>;
  property(caseId: string, o: { state?: 'held' | 'in-transfer' | 'disposed'; holder?: string }): Promise<string>;
  event(caseId: string, o: { ago: number; kind?: string; details?: Record<string, unknown>; unit?: string }): Promise<void>;
  incident(o: { category: string; amount: number | null; outcome?: 'pending' | 'registered' | 'declined' | 'administrative-penalty' | 'mediated'; reportedAgo?: number; unit?: string }): Promise<string>;
  record(caseId: string, o: { kind: string; person?: string | null; data: Record<string, unknown>; unit?: string; recordedAgo?: number }): Promise<string>;
  item(o: { state: 'open' | 'assigned' | 'rectifying' | 'reported' | 'closed'; dueIn: number | null; assignee?: string }): Promise<string>;
  /** A dispute in `state` (closed ones resolved unless said), handled by `handler` (default Qingshan's mediation committee) once routed. */
  dispute(o: { state: string; dueIn?: number | null; outcome?: 'resolved' | 'not-resolved-referred' | 'withdrawn'; closedAgo?: number; createdAgo?: number; reopenedFrom?: string; handler?: string }): Promise<string>;
  /** A petition of `matterKey` (default a new matter) at Qingshan's petition office, with a handling opinion when `opinion` is given. */
  petition(o?: { state?: string; matterKey?: string; opinion?: string; handler?: string }): Promise<string>;
  /** A statutory clock of a dispute or petition. */
  matterClock(o: { kind: 'dispute' | 'petition'; matterId: string; rule: string; dueIn: number; state?: 'running' | 'stopped'; unit?: string | null }): Promise<string>;
}

export const POLICE = 'police-990102';
export const PROCURATORATE = 'procuratorate-990102';
export const COURT = 'court-990102';

export async function fixtures(db: Queryable): Promise<Fixtures> {
  const units: Record<string, string> = {};
  for (const r of await db.query<{ id: string; code: string }>('SELECT id, code FROM unit')) units[r.code] = r.id;
  const unit = (code?: string) => units[code ?? POLICE]!;
  const keys = new Map<string, string>();
  const keyOf = async (unitId: string) => {
    let id = keys.get(unitId);
    if (!id) {
      const [row] = await db.query<{ id: string }>(
        "INSERT INTO unit_key (unit_id, public_key, sealed_private) VALUES ($1, '04' || repeat('ab', 64), 'test') RETURNING id",
        [unitId],
      );
      id = row!.id;
      keys.set(unitId, id);
    }
    return id;
  };
  let n = 0;
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const digest = (s: string) => createHash('sha256').update(s).digest('hex');

  const f: Fixtures = {
    units,
    at,
    async case(o = {}) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO criminal_case (case_number, title, charge, region_code, stage, holder_unit_id, registered_by, registered_at, classified, on_paper, closed_at, incident_id)
         VALUES ($1, '预警测试案', $9, '990102', $2, $3, $4, $5, $6, $7, $8, $10) RETURNING id`,
        [
          `测试预警${String(++n).padStart(5, '0')}号-${now}`,
          o.stage ?? 'investigation',
          unit(o.holder),
          unit(o.registeredBy ?? POLICE),
          at(-(o.registeredAgo ?? 10 * DAY)),
          o.classified ?? false,
          o.onPaper ?? false,
          o.closedAgo === undefined ? null : at(-o.closedAgo),
          o.charge ?? 'theft',
          o.incident ?? null,
        ],
      );
      // the units party to it, as the case services record them
      for (const u of new Set([unit(o.holder), unit(o.registeredBy ?? POLICE)])) await db.query('INSERT INTO case_unit (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [row!.id, u]);
      return row!.id;
    },
    async person(caseId, o = {}) {
      const [row] = await db.query<{ id: string }>(
        "INSERT INTO case_person (case_id, role, name, measure, in_custody) VALUES ($1, 'suspect', '测试人', $2, $3) RETURNING id",
        [caseId, o.measure ?? null, o.inCustody ?? false],
      );
      return row!.id;
    },
    async clock(caseId, o) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO case_clock (case_id, person_id, rule_id, ledger, state, due_at, unit_id, started_at, updated_at)
         VALUES ($1, $2, $3, '[]', $4, $5, $6, $7, $8) RETURNING id`,
        [caseId, o.person ?? null, o.rule, o.state ?? 'running', at(o.dueIn), unit(o.unit), at(-5 * DAY), at(-(o.updatedAgo ?? DAY))],
      );
      return row!.id;
    },
    async document(caseId, o = {}) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO case_document (case_id, kind, name, sm3, mime, size_bytes, pages, unit_id) VALUES ($1, $2, $3, $4, 'application/pdf', 1000, $5, $6) RETURNING id`,
        [caseId, o.kind ?? 'other', `${o.kind ?? 'other'}.pdf`, digest(`${caseId}${++n}`), o.pages ?? 1, unit(o.unit)],
      );
      return row!.id;
    },
    async transfer(caseId, o) {
      const sender = unit(o.sender ?? POLICE);
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO transfer (case_id, transition, scenario, sender_unit_id, receiver_unit_id, sent_at, idempotency_key, manifest, manifest_sm3, signature, key_id,
                               state, received_at, from_stage, to_stage, on_paper, person_ids, evidence_override, custody_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, 'test', $9, $10, $11, 'investigation', 'prosecution-review', $12, $13::uuid[], $14, $15) RETURNING id`,
        [
          caseId,
          o.transition ?? o.scenario,
          o.scenario,
          sender,
          unit(o.receiver ?? PROCURATORATE),
          at(-(o.sentAgo ?? HOUR)),
          `test-${++n}`,
          digest(`t${n}`),
          await keyOf(sender),
          o.state ?? 'sent',
          (o.state ?? 'sent') === 'accepted' ? at(-(o.sentAgo ?? HOUR) + HOUR) : null,
          o.onPaper ?? false,
          o.persons ?? [],
          o.evidenceOverride ?? null,
          o.custodyDueIn === undefined ? null : at(o.custodyDueIn),
        ],
      );
      for (const kind of o.documents ?? []) {
        const doc = await f.document(caseId, { kind });
        await db.query('INSERT INTO transfer_document (transfer_id, document_id) VALUES ($1, $2)', [row!.id, doc]);
      }
      return row!.id;
    },
    async loan(caseId, o) {
      const due = o.dueIn === undefined ? null : at(o.dueIn).slice(0, 10);
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO paper_loan (case_id, requester_unit_id, holder_unit_id, reason, pages, state, requested_at, decided_at, due_date)
         VALUES ($1, $2, $3, '测试', '全部', $4, $5, $6, $7) RETURNING id`,
        [caseId, unit(o.requester ?? PROCURATORATE), unit(o.holder ?? POLICE), o.state, at(-10 * DAY), o.state === 'requested' ? null : at(-9 * DAY), due],
      );
      return row!.id;
    },
    async property(caseId, o) {
      const state = o.state ?? 'held';
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO seized_property (case_id, description, quantity, storage_receipt, holder_unit_id, state, disposal, disposed_at)
         VALUES ($1, '测试财物', '1件', 'R-1', $2, $3, $4, $5) RETURNING id`,
        [caseId, unit(o.holder), state, state === 'disposed' ? 'returned-to-owner' : null, state === 'disposed' ? at(-HOUR) : null],
      );
      return row!.id;
    },
    async item(o) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO supervision_item (number, title, description, source, severity, raised_by_unit_id, assignee_unit_id, region_code, state, due_at, created_at, closed_at)
         VALUES ($1, '测试事项', '测试', 'manual', 'medium', $2, $3, '990102', $4, $5, $6, $7) RETURNING id`,
        [`测试督${++n}-${now}`, unit('committee-990102'), unit(o.assignee), o.state, o.dueIn === null ? null : at(o.dueIn), at(-10 * DAY), o.state === 'closed' ? at(-HOUR) : null],
      );
      return row!.id;
    },
    async dispute(o) {
      const closed = ['closed', 'followed-up', 'withdrawn'].includes(o.state);
      const outcome = o.state === 'withdrawn' ? 'withdrawn' : closed ? (o.outcome ?? 'resolved') : null;
      const routed = !['intake', 'assessed', 'withdrawn'].includes(o.state);
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO dispute (number, tracking_code, channel, state, type, risk_level, urgency, summary, region_code, intake_unit_id, handling_unit_id, route_kind,
                              due_at, outcome, closed_at, visited_at, reopened_from, fingerprints, created_at, updated_at)
         VALUES ($1, $2, 'walk-in', $3, 'neighbour', 'low', 'normal', '测试纠纷', '990102', $4, $5, $6, $7, $8, $9, $10, $11, '{}', $12, $12) RETURNING id`,
        [
          `测试纠${++n}-${now}`, newTrackingCode('dispute'), o.state, unit('governance-center-990102'), routed ? unit(o.handler ?? 'mediation-committee-990102') : null,
          routed ? 'mediation-committee' : null, o.dueIn === undefined || o.dueIn === null ? null : at(o.dueIn), outcome, closed ? at(-(o.closedAgo ?? HOUR)) : null,
          o.state === 'followed-up' ? at(-HOUR) : null, o.reopenedFrom ?? null, at(-(o.createdAgo ?? 2 * DAY)),
        ],
      );
      return row!.id;
    },
    async petition(o = {}) {
      const state = o.state ?? (o.opinion ? 'opinion-issued' : 'accepted');
      const withBody = !['received', 'objected', 'in-legal-procedure'].includes(state);
      const matterKey = o.matterKey ?? createHash('sha256').update(`matter-${++n}-${now}`).digest('hex');
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO petition (number, tracking_code, channel, state, petitioner_name, respondent, subject, content, region_code, receiving_unit_id, handling_unit_id,
                               matter_key, outcome, opinion, received_at, closed_at)
         VALUES ($1, $2, 'letter', $3, '测试信访人', '某县某局', '测试事项', '测试内容', '990102', $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          `测试访${++n}-${now}`, newTrackingCode('petition'), state, unit('petition-office-990102'), withBody ? unit(o.handler ?? 'justice-bureau-990102') : null, matterKey,
          o.opinion ? 'not-supported' : null, o.opinion ?? null, at(-5 * DAY), ['final', 'not-accepted'].includes(state) ? at(-HOUR) : null,
        ],
      );
      return row!.id;
    },
    async matterClock(o) {
      const state = o.state ?? 'running';
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO matter_clock (matter_kind, matter_id, rule_id, ledger, state, due_at, unit_id, started_at, stopped_at)
         VALUES ($1, $2, $3, '[]', $4, $5, $6, $7, $8) RETURNING id`,
        [o.kind, o.matterId, o.rule, state, at(o.dueIn), o.unit === null ? null : unit(o.unit ?? 'justice-bureau-990102'), at(-10 * DAY), state === 'stopped' ? at(-HOUR) : null],
      );
      return row!.id;
    },
    async event(caseId, o) {
      await db.query('INSERT INTO case_event (case_id, at, kind, unit_id, details) VALUES ($1, $2, $3, $4, $5)', [caseId, at(-o.ago), o.kind ?? 'document-added', unit(o.unit), JSON.stringify(o.details ?? {})]);
    },
    async incident(o) {
      const outcome = o.outcome ?? 'pending';
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO incident (number, unit_id, region_code, category, amount, summary, reported_at, outcome, outcome_at)
         VALUES ($1, $2, '990102', $3, $4, '测试警情', $5, $6, $7) RETURNING id`,
        [`测试警${++n}-${now}`, unit(o.unit), o.category, o.amount, at(-(o.reportedAgo ?? DAY)), outcome, outcome === 'pending' ? null : at(-HOUR)],
      );
      return row!.id;
    },
    async record(caseId, o) {
      const [row] = await db.query<{ id: string }>(
        'INSERT INTO case_record (case_id, person_id, kind, data, unit_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [caseId, o.person ?? null, o.kind, JSON.stringify(o.data), unit(o.unit), at(-(o.recordedAgo ?? HOUR))],
      );
      return row!.id;
    },
  };
  return f;
}

export { DAY, HOUR };
