// Pure helpers of the governance pages: the intake form's body and checks (the server's own checks, shared),
// a duplicate refusal read, what each step asks for, clocks in order, amounts. No React, no I/O.
import { ApiError } from '../../api/client.ts';
import type {
  DisputeAction,
  DisputePartyInput,
  DisputeState,
  GovernanceMetric,
  GridEventAction,
  MatterClock,
  MetricFigure,
  NewDispute,
  PetitionAction,
} from '../../api/governance-types.ts';
import { checkParties, checkPhone, checkResidentId } from '../../../../src/engine/disputes/input.ts';
import type { Bilingual } from '../../api/types.ts';

export { checkPhone, checkResidentId };

/** What the intake form holds (strings as typed; empty ones are left out of the body). */
export interface IntakeForm {
  channel: NewDispute['channel'];
  type: string;
  riskLevel?: NewDispute['riskLevel'];
  urgency?: NewDispute['urgency'];
  amount?: number | null;
  summary: string;
  regionCode?: string;
  parties: {
    role: DisputePartyInput['role'];
    kind: DisputePartyInput['kind'];
    name?: string;
    phone?: string;
    idNumber?: string;
    address?: string;
  }[];
}

const trimmed = (s: string | undefined | null) => {
  const v = (s ?? '').trim();
  return v === '' ? undefined : v;
};

/** The POST /api/disputes body of an intake form: text trimmed, empty optional fields left out, ID numbers upper case. */
export function intakeBody(f: IntakeForm): NewDispute {
  const regionCode = trimmed(f.regionCode);
  return {
    channel: f.channel,
    type: f.type,
    ...(f.riskLevel ? { riskLevel: f.riskLevel } : {}),
    ...(f.urgency ? { urgency: f.urgency } : {}),
    ...(f.amount !== undefined && f.amount !== null ? { amount: f.amount } : {}),
    summary: f.summary.trim(),
    ...(regionCode ? { regionCode } : {}),
    parties: f.parties.map((p) => {
      const phone = trimmed(p.phone);
      const idNumber = trimmed(p.idNumber)?.toUpperCase();
      const address = trimmed(p.address);
      return {
        role: p.role,
        kind: p.kind,
        name: (p.name ?? '').trim(),
        ...(phone ? { phone } : {}),
        ...(idNumber ? { idNumber } : {}),
        ...(address ? { address } : {}),
      };
    }),
  };
}

export interface FormProblem {
  /** The form's path of the field (['parties', 0, 'phone']), or ['parties'] for the list as a whole. */
  name: (string | number)[];
  message: Bilingual;
}

/**
 * The server's checks of the parties (src/engine/disputes/input.ts, the same function), with each problem at the
 * path the form names its field by: `parties[1].phone` -> ['parties', 1, 'phone'].
 */
export function partyProblems(body: NewDispute, today: Date = new Date()): FormProblem[] {
  return checkParties(body.parties, today).map((p) => ({ name: fieldPath(p.field), message: p.message }));
}

/** A server's field name (`parties[1].phone`, `/parties/1/phone`, `body.note`) as a form path. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[./[\]]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The earlier registration a DISPUTE_DUPLICATE refusal names (its id when the server gives it, to link it). */
export function duplicateOf(err: unknown): { number: string; id: string | null } | null {
  if (!(err instanceof ApiError) || err.code !== 'DISPUTE_DUPLICATE') return null;
  const d = err.details;
  if (typeof d !== 'object' || d === null) return null;
  const { number, id } = d as { number?: unknown; id?: unknown };
  if (typeof number !== 'string') return null;
  return { number, id: typeof id === 'string' ? id : null };
}

/** The outcomes a close may take from a state (mirrors outcomesFrom of the dispute flow): resolved only with an agreement standing. */
export function closeOutcomes(state: string): ('resolved' | 'not-resolved-referred')[] {
  if (state === 'agreement' || state === 'confirmed') return ['resolved'];
  if (state === 'no-agreement' || state === 'refused') return ['not-resolved-referred'];
  return [];
}

/** What the dialog of a dispute step asks for; `note` 'required' where the server requires one. */
export interface DisputeNeeds {
  note: 'required' | 'optional';
  assessment?: true;
  route?: true;
  agreement?: true;
  court?: true;
  decision?: 'accept' | 'confirm';
  outcome?: true;
  satisfaction?: 'required' | 'optional';
}

const NOTE_REQUIRED: ReadonlySet<DisputeAction> = new Set(['session', 'no-agreement', 'withdraw', 'visit', 'reopen', 'follow-up', 'note']);

export function disputeNeeds(action: DisputeAction): DisputeNeeds {
  const note = NOTE_REQUIRED.has(action) ? 'required' : 'optional';
  switch (action) {
    case 'assess':
      return { note, assessment: true };
    case 'route':
      return { note, route: true };
    case 'agree':
      return { note, agreement: true };
    case 'request-confirmation':
      return { note, court: true };
    case 'accept-confirmation':
      return { note, decision: 'accept' };
    case 'decide-confirmation':
      return { note, decision: 'confirm' };
    case 'close':
      return { note, outcome: true };
    case 'visit':
      return { note, satisfaction: 'optional' };
    case 'rate':
      return { note, satisfaction: 'required' };
    default:
      return { note };
  }
}

/** What the dialog of a petition step asks for, after the body of its route (petitions.schema.ts). */
export interface PetitionNeeds {
  text: 'note' | 'reason';
  unit?: 'handlingUnitId' | 'reviewUnitId' | 'rereviewUnitId';
  opinion?: true;
  legal?: true;
}

export function petitionNeeds(action: PetitionAction): PetitionNeeds {
  switch (action) {
    case 'route':
      return { text: 'note', unit: 'handlingUnitId' };
    case 'refuse':
    case 'object':
    case 'extend':
      return { text: 'reason' };
    case 'issue-opinion':
    case 'answer-review':
    case 'answer-rereview':
      return { text: 'note', opinion: true };
    case 'request-review':
      return { text: 'note', unit: 'reviewUnitId' };
    case 'request-rereview':
      return { text: 'note', unit: 'rereviewUnitId' };
    case 'route-legal':
      return { text: 'note', legal: true };
    default:
      return { text: 'note' };
  }
}

/** Whether a note is sent with an opinion step: the opinion's route takes no note. */
export const petitionTakesNote = (action: PetitionAction) => !petitionNeeds(action).opinion && petitionNeeds(action).text === 'note';

/** What the dialog of a grid event step asks for (grid-events.schema.ts): a note required or not, a unit, a verdict, a rating. */
export interface GridNeeds {
  note: 'required' | 'optional';
  unit?: true;
  verdict?: true;
  rating?: true;
}

export function gridNeeds(action: GridEventAction, verdictOk = true): GridNeeds {
  switch (action) {
    case 'escalate':
    case 'record-handling':
      return { note: 'required' };
    case 'assign':
      return { note: 'optional', unit: true };
    case 'verify':
      // a failed verification says what is still wrong
      return { note: verdictOk ? 'optional' : 'required', verdict: true };
    case 'rate':
      return { note: 'optional', rating: true };
    default:
      return { note: 'optional' };
  }
}

/** Clocks to show: the live ones soonest first, and the stopped ones apart. */
export function splitClocks<T extends Pick<MatterClock, 'state' | 'dueAt'>>(clocks: readonly T[]): { live: T[]; stopped: T[] } {
  const live = clocks.filter((k) => k.state !== 'stopped').sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  return { live, stopped: clocks.filter((k) => k.state === 'stopped') };
}

/** An amount in yuan with thousands separators and at most two decimals, in the reader's language. */
export function formatYuan(amount: number, lang: string): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(amount);
}

/** States in which a dispute is still to be worked (a step has a due date). */
export const isOpenDispute = (s: string): boolean => !['closed', 'followed-up', 'withdrawn'].includes(s as DisputeState);

/** One row of the metrics table: a unit or region, and its figure of each metric (absent where it had none). */
export interface MetricRow {
  key: string;
  name: string;
  nameEn: string;
  figures: Record<string, MetricFigure>;
}

/** The metrics' groups as table rows: one per unit or region met in any metric, ordered by name. */
export function metricRows(metrics: readonly GovernanceMetric[]): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  for (const m of metrics) {
    for (const g of m.groups) {
      const row = rows.get(g.key) ?? { key: g.key, name: g.name, nameEn: g.nameEn, figures: {} };
      row.figures[m.id] = { numerator: g.numerator, denominator: g.denominator, value: g.value };
      rows.set(g.key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key));
}

/** A figure in words: a rate as a percentage with its count (87.5% (7/8)), a mean to one decimal with how many; none when nothing was counted. */
export function formatFigure(kind: GovernanceMetric['kind'], f: MetricFigure | undefined, none: string): string {
  if (!f || f.value === null) return none;
  if (kind === 'rate') return `${(Math.round(f.value * 1000) / 10).toFixed(1)}% (${f.numerator}/${f.denominator})`;
  return `${f.value.toFixed(1)} (n=${f.denominator})`;
}

/** The units a matter's page names (id -> Chinese name), from its own fields and its timeline, for its clocks. */
export function knownUnits(pairs: readonly (readonly [string | null | undefined, string | null | undefined])[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const [id, name] of pairs) if (id && name && !m.has(id)) m.set(id, name);
  return m;
}
