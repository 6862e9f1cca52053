/**
 * The reads and writes of the citizens' pages. A progress read selects no personal data: of the phones given
 * with a matter it reads the last four digits only, to compare with what the citizen typed; no party, name,
 * ID number, description or body's note is selected.
 */
import type { Queryable } from '../../db/client.ts';
import type { Bi, ProgressFacts, PublicKind } from '../../engine/public-intake/progress.ts';

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

type Main = {
  id: string; number: string; tracking_code: string; state: string; filed_at: Date | string; closed_at: Date | string | null; due_at: Date | string | null;
  body_zh: string | null; body_en: string | null; outcome: string | null; last4: (string | null)[] | null; case_stage: string | null;
};

const LAST4 = (col: string) => `right(regexp_replace(${col}, '[^0-9]', '', 'g'), 4)`;

const MAIN: Record<PublicKind, string> = {
  dispute: `SELECT d.id, d.number, d.tracking_code, d.state, d.created_at AS filed_at, d.closed_at, d.due_at, u.name AS body_zh, u.name_en AS body_en,
                   d.outcome, ARRAY(SELECT ${LAST4('p.phone')} FROM dispute_party p WHERE p.dispute_id = d.id AND p.role = 'applicant' AND p.phone IS NOT NULL) AS last4,
                   NULL AS case_stage
              FROM dispute d JOIN unit u ON u.id = coalesce(d.handling_unit_id, d.intake_unit_id)
             WHERE d.tracking_code = $1`,
  petition: `SELECT p.id, p.number, p.tracking_code, p.state, p.received_at AS filed_at, p.closed_at,
                    (SELECT min(mc.due_at) FROM matter_clock mc WHERE mc.matter_kind = 'petition' AND mc.matter_id = p.id AND mc.state = 'running' AND mc.unit_id IS NOT NULL) AS due_at,
                    u.name AS body_zh, u.name_en AS body_en, p.outcome, ARRAY[${LAST4('p.petitioner_phone')}] AS last4,
                    CASE WHEN p.state = 'in-legal-procedure' THEN c.stage END AS case_stage
               FROM petition p
               LEFT JOIN criminal_case c ON c.id = p.case_id
               JOIN unit u ON u.id = CASE WHEN p.state = 'in-legal-procedure' THEN coalesce(c.holder_unit_id, p.handling_unit_id, p.receiving_unit_id)
                                          ELSE coalesce(p.handling_unit_id, p.receiving_unit_id) END
              WHERE p.tracking_code = $1`,
  'grid-event': `SELECT e.id, e.number, f.tracking_code, e.state, e.reported_at AS filed_at, e.closed_at, e.due_at, u.name AS body_zh, u.name_en AS body_en,
                        NULL AS outcome, ARRAY[${LAST4('e.reporter_phone')}] AS last4, NULL AS case_stage
                   FROM public_filing f
                   JOIN grid_event e ON e.id = f.matter_id
                   JOIN unit u ON u.id = coalesce(e.responsible_unit_id, e.county_unit_id, e.township_unit_id)
                  WHERE f.kind = 'grid-event' AND f.tracking_code = $1`,
};

const EVENTS: Record<PublicKind, string> = {
  dispute: 'SELECT at, from_state, to_state FROM dispute_event WHERE dispute_id = $1 ORDER BY id',
  petition: 'SELECT at, from_state, to_state FROM petition_event WHERE petition_id = $1 ORDER BY at, id',
  'grid-event': 'SELECT at, from_state, to_state FROM grid_event_event WHERE event_id = $1 ORDER BY at, id',
};

export interface FoundMatter {
  id: string;
  facts: Omit<ProgressFacts, 'caseStage'> & { caseStageId: string | null };
  /** the last four digits of each phone given with the matter (applicants' for a dispute) */
  phoneLast4: (string | null)[];
}

/** The matter with this tracking code, without its timeline; null when there is none. */
export async function findMatter(db: Queryable, kind: PublicKind, trackingCode: string): Promise<FoundMatter | null> {
  const [r] = await db.query<Main>(MAIN[kind], [trackingCode]);
  if (!r) return null;
  const body: Bi | null = r.body_zh === null ? null : { zh: r.body_zh, en: r.body_en ?? r.body_zh };
  return {
    id: r.id,
    facts: {
      kind, number: r.number, trackingCode: r.tracking_code, state: r.state, filedAt: iso(r.filed_at)!, closedAt: iso(r.closed_at), dueAt: iso(r.due_at),
      handlingBody: body, outcome: r.outcome, events: [], caseStageId: r.case_stage,
    },
    phoneLast4: r.last4 ?? [],
  };
}

export async function matterTimeline(db: Queryable, kind: PublicKind, matterId: string): Promise<ProgressFacts['events']> {
  const rows = await db.query<{ at: Date | string; from_state: string | null; to_state: string | null }>(EVENTS[kind], [matterId]);
  return rows.map((e) => ({ at: iso(e.at)!, fromState: e.from_state, toState: e.to_state }));
}

// --- filings -----------------------------------------------------------------------------------------------------

export interface Filing {
  kind: 'petition' | 'grid-event';
  matterId: string;
  number: string;
  trackingCode: string;
}

/** A submission filed before under this key, with its matter's number. */
export async function findFiling(db: Queryable, submissionKey: string): Promise<Filing | null> {
  const [r] = await db.query<{ kind: Filing['kind']; matter_id: string; tracking_code: string; number: string }>(
    `SELECT f.kind, f.matter_id, f.tracking_code, coalesce(p.number, e.number) AS number
       FROM public_filing f
       LEFT JOIN petition p ON f.kind = 'petition' AND p.id = f.matter_id
       LEFT JOIN grid_event e ON f.kind = 'grid-event' AND e.id = f.matter_id
      WHERE f.submission_key = $1`,
    [submissionKey],
  );
  return r ? { kind: r.kind, matterId: r.matter_id, number: r.number, trackingCode: r.tracking_code } : null;
}

/** Records a submission inside the transaction that stores its matter: a second one under the key fails (unique). */
export async function insertFiling(tx: Queryable, f: Omit<Filing, 'number'> & { submissionKey: string; at: string }): Promise<void> {
  await tx.query('INSERT INTO public_filing (submission_key, kind, matter_id, tracking_code, filed_at) VALUES ($1, $2, $3, $4, $5)', [
    f.submissionKey, f.kind, f.matterId, f.trackingCode, f.at,
  ]);
}

/** A public dispute filed before under its import key. */
export async function findDisputeByImportKey(db: Queryable, importKey: string): Promise<{ number: string; trackingCode: string } | null> {
  const [r] = await db.query<{ number: string; tracking_code: string }>('SELECT number, tracking_code FROM dispute WHERE import_key = $1', [importKey]);
  return r ? { number: r.number, trackingCode: r.tracking_code } : null;
}

// --- places and receiving units ----------------------------------------------------------------------------------

export interface PublicRegion {
  code: string;
  name: string;
  nameEn: string;
  level: 'province' | 'city' | 'county' | 'township';
  parentCode: string | null;
  /** a governance center there takes disputes and (at a township) reports of problems */
  hasGovernanceCenter: boolean;
  /** a petition office there takes petitions */
  hasPetitionOffice: boolean;
}

export async function publicRegions(db: Queryable): Promise<PublicRegion[]> {
  const rows = await db.query<{ code: string; name: string; name_en: string; level: PublicRegion['level']; parent_code: string | null; gc: boolean; po: boolean }>(
    `SELECT r.code, r.name, r.name_en, r.level, r.parent_code,
            EXISTS (SELECT 1 FROM unit u WHERE u.region_code = r.code AND u.agency = 'governance-center') AS gc,
            EXISTS (SELECT 1 FROM unit u WHERE u.region_code = r.code AND u.agency = 'petition-office') AS po
       FROM region r ORDER BY r.code`,
  );
  return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, level: r.level, parentCode: r.parent_code, hasGovernanceCenter: r.gc, hasPetitionOffice: r.po }));
}

/** The unit of this agency in exactly this region (the first by code when there are several). */
export async function unitIn(db: Queryable, agency: 'governance-center' | 'petition-office', regionCode: string): Promise<{ id: string; level: string; regionCode: string } | null> {
  const [u] = await db.query<{ id: string; level: string; region_code: string }>('SELECT id, level, region_code FROM unit WHERE agency = $1 AND region_code = $2 ORDER BY code LIMIT 1', [agency, regionCode]);
  return u ? { id: u.id, level: u.level, regionCode: u.region_code } : null;
}
