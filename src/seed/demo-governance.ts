/**
 * The demo province's governance center (issue 6 part 7), loaded after the demo's oversight part: the stories of
 * demo-governance-plan.ts — disputes, petitions and grid events of two years — played through the services as the
 * demo's staff (or, for the online form, the importer and the citizens' reports, as the system for the receiving
 * unit), each step with the services' clock set to its moment. Nothing here writes a row itself: every step is the
 * services' own transaction with its timeline entry, clock effects and audit record.
 *
 * Stories load one after the other; `from` and `beforeStory` let a load stopped half-way go on with the next story
 * (a story interrupted half-way stays as it stood: each of its states is one the flows allow).
 */
import type { AppDeps } from '../app-deps.ts';
import type { Db, Queryable } from '../db/client.ts';
import { activePrincipals } from '../modules/auth/auth.repository.ts';
import type { RequestContext } from '../modules/auth/principal.ts';
import { findDispute } from '../modules/disputes/disputes.repository.ts';
import {
  acceptConfirmation, assessDispute, closeDispute, decideConfirmation, followUpDispute, intakeDispute, noteDispute, rateDispute, recordAgreement,
  recordFollowUpVisit, recordNoAgreement, recordSession, reopenDispute, requestConfirmation, routeDispute, withdrawDispute,
} from '../modules/disputes/disputes.service.ts';
import {
  acceptGridEvent, addGridEventPhoto, assignDepartment, closeGridEvent, escalateGridEvent, handleLocally, rateGridEvent, recordHandling, reportGridEvent,
  verifyGridEvent,
} from '../modules/grid-events/grid-events.service.ts';
import {
  acceptPetition, answerRereview, answerReview, concludePetition, extendHandling, issueOpinion, objectToRemit, refusePetition, registerPetition,
  requestRereview, requestReview, routeIntoLegalProcedure, routePetition,
} from '../modules/petitions/petitions.service.ts';
import { type RunSummary, runFull } from '../modules/warnings/warnings.service.ts';
import {
  type Actor, type DisputeStory, type GovernanceGeography, type GovernanceSize, type GridStory, type PetitionStory, planDemoGovernance,
} from './demo-governance-plan.ts';
import { demoPng } from './demo-photo.ts';
import { DEMO_CLIENT } from './seed-demo-cases.ts';

export interface DemoGovernanceOptions {
  seed: number;
  /** The demo's "now": every record lies before it. */
  now: Date;
  size: GovernanceSize;
  /** The plan index of the first story to load (to go on after an interruption); default 0. */
  from?: number;
  /** Run inside each story's transaction with the index of the next story: where a resumed load goes on. */
  afterStory?: (tx: Queryable, next: number) => Promise<void>;
  stopRequested?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoGovernanceResult {
  stories: number;
  disputes: number;
  petitions: number;
  gridEvents: number;
  agreements: number;
  photos: number;
  steps: number;
  ms: number;
  /** Where the time went: the calls of each service function, and their total milliseconds. */
  calls: Record<string, { count: number; ms: number }>;
  /** The warning models' run over the province once everything is loaded (null when the load was stopped). */
  run: RunSummary | null;
}

/** The plan for the demo province in the database (its counties and townships) and the rules the services load. */
export async function governanceGeography(deps: Pick<AppDeps, 'db' | 'disputeRules' | 'gridEventRules' | 'petitionFlow'>): Promise<GovernanceGeography> {
  const regions = await deps.db.query<{ code: string; name: string; level: string; parent_code: string | null }>(
    "SELECT code, name, level, parent_code FROM region WHERE level IN ('county', 'township') ORDER BY code",
  );
  const counties = regions.filter((r) => r.level === 'county').map((c) => ({ code: c.code, name: c.name, townships: regions.filter((t) => t.parent_code === c.code).map((t) => ({ code: t.code, name: t.name })) }));
  return {
    counties: counties.filter((c) => c.townships.length > 0),
    disputeTypes: [...deps.disputeRules.types.values()].map((t) => ({ id: t.id, handlingDays: t.handling.unit === 'workingDays' ? Math.round(t.handling.length * 1.4) : t.handling.length })),
    gridCategories: deps.gridEventRules.categories.map((c) => c.id),
    legalRoutes: [...deps.petitionFlow.legalRoutes.keys()],
    petitionChannels: [...deps.petitionFlow.channels.keys()],
  };
}

/** Plays the demo's governance stories through the services, in a database holding the demo province. */
export async function seedDemoGovernance(deps: AppDeps, opts: DemoGovernanceOptions): Promise<DemoGovernanceResult> {
  const started = performance.now();
  const now = opts.now.getTime();
  const stories = planDemoGovernance(await governanceGeography(deps), { seed: opts.seed, now, size: opts.size });
  const principals = await activePrincipals(deps.db, DEMO_CLIENT);
  const units = new Map((await deps.db.query<{ id: string; code: string }>('SELECT id, code FROM unit')).map((u) => [u.code, u.id]));
  const codes = new Map([...units].map(([code, id]) => [id, code]));
  const result: DemoGovernanceResult = { stories: 0, disputes: 0, petitions: 0, gridEvents: 0, agreements: 0, photos: 0, steps: 0, ms: 0, calls: {}, run: null };
  const h: Helpers = {
    ctxOf(username) {
      const principal = principals.get(username);
      if (!principal) throw new Error(`demo governance: no active account ${username} (is the demo province of seed ${opts.seed} loaded?)`);
      return { principal, clientAddress: DEMO_CLIENT };
    },
    unit(code) {
      const id = units.get(code);
      if (!id) throw new Error(`demo governance: no unit ${code}`);
      return id;
    },
    code(id) {
      return codes.get(id)!;
    },
    at: (ms) => ({ ...deps, now: () => new Date(ms) }),
    async timed(name, call) {
      const t0 = performance.now();
      try {
        return await call();
      } finally {
        const c = result.calls[name] ?? { count: 0, ms: 0 };
        result.calls[name] = c;
        c.count++;
        c.ms += performance.now() - t0;
        result.steps++;
      }
    },
    cases: await casesByCounty(deps),
    result,
  };
  for (let i = opts.from ?? 0; i < stories.length; i++) {
    if (opts.stopRequested?.()) break;
    const story = stories[i]!;
    try {
      await inOneTransaction(deps, async (d, tx) => {
        const sh: Helpers = { ...h, at: (ms) => ({ ...d, now: () => new Date(ms) }) };
        if (story.kind === 'dispute') await loadDispute(d, story, sh);
        else if (story.kind === 'petition') await loadPetitions(story, sh);
        else await loadGridEvent(story, sh, i);
        await opts.afterStory?.(tx, i + 1);
      });
    } catch (error) {
      throw new Error(`demo governance story ${i} (${story.kind} ${story.shape}, ${story.place.township}): ${(error as Error).message}`, { cause: error });
    }
    result.stories++;
    opts.onProgress?.(i + 1, stories.length);
  }
  // the models over the province as of the demo's moment, so that the governance models show their hits at once
  if (!opts.stopRequested?.()) result.run = await h.timed('runFull', () => runFull({ ...deps, now: () => new Date(now) }));
  result.ms = performance.now() - started;
  return result;
}

/**
 * Runs one story in one transaction: the services' own transactions join it (their statements run on it, their
 * commits become the story's one commit). A story loads whole or not at all, and a load of thousands of steps
 * commits a few thousand times instead of tens of thousands. Nothing else may use the database meanwhile through
 * `deps.db` (PGlite has one connection): the services get the story's.
 */
async function inOneTransaction(deps: AppDeps, fn: (d: AppDeps, tx: Queryable) => Promise<void>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const db: Db = {
      kind: deps.db.kind,
      query: (sql, params, name) => tx.query(sql, params, name),
      exec: (sql) => tx.exec(sql),
      ping: async () => undefined,
      transaction: (inner) => inner(tx),
      close: async () => {
        throw new Error('demo governance: the story\'s transaction is not to be closed');
      },
    };
    await fn({ ...deps, db }, tx);
  });
}

/** Says how far the governance part is, about ten times over the load. */
export function governanceProgress(log: (line: string) => void): (done: number, total: number) => void {
  const started = performance.now();
  let next = 0;
  return (done, total) => {
    if (next === 0) {
      log(`demo: loading ${total} governance stories (disputes, petitions, grid events) through the services…`);
      next = done + Math.ceil(total / 10);
    }
    if (done >= next || done === total) {
      log(`demo: ${done}/${total} governance stories (${Math.round((performance.now() - started) / 1000)} s)`);
      next = done + Math.ceil(total / 10);
    }
  };
}

interface Helpers {
  ctxOf(username: string): RequestContext;
  unit(code: string): string;
  code(id: string): string;
  at(ms: number): AppDeps;
  timed<T>(name: string, call: () => Promise<T>): Promise<T>;
  /** the demo's criminal cases per county, for the law-related petitions about them */
  cases: Map<string, string[]>;
  result: DemoGovernanceResult;
}

async function casesByCounty(deps: AppDeps): Promise<Map<string, string[]>> {
  const rows = await deps.db.query<{ county: string; case_number: string }>(
    "SELECT substring(region_code, 1, 6) AS county, case_number FROM criminal_case ORDER BY case_number",
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.county, [...(out.get(r.county) ?? []), r.case_number]);
  return out;
}

// --- disputes --------------------------------------------------------------------------------------------------

/** The account a unit acts through: its mediator where it has mediators, else its handler. */
const staffOf = (unitCode: string) => (/^(mediation-committee|governance-center)-/.test(unitCode) ? `${unitCode}-mediator` : `${unitCode}-handler`);

async function loadDispute(deps: AppDeps, s: DisputeStory, h: Helpers): Promise<void> {
  const intake = async (at: number, by: Actor, channel: DisputeStory['intake']['channel'], summary: string, importKey?: string) => {
    const input = { channel, type: s.intake.type, amount: s.intake.amount, summary, regionCode: s.place.township, parties: s.intake.parties, ...(importKey ? { importKey } : {}) };
    const who = 'system' in by
      ? { system: { unitId: h.unit(by.system), username: channel === 'import' ? 'demo-import' : 'public-form', clientAddress: DEMO_CLIENT } }
      : { ctx: h.ctxOf((by as { user: string }).user) };
    return h.timed('intakeDispute', () => intakeDispute(h.at(at), who, input));
  };
  const created = await intake(s.intake.at, s.intake.by, s.intake.channel, s.intake.summary, s.intake.importKey);
  h.result.disputes++;
  const id = created.id;
  for (const { at, by, step } of s.steps) {
    const d = h.at(at);
    let ctx: RequestContext;
    if ('user' in by) ctx = h.ctxOf(by.user);
    else if ('system' in by) ctx = h.ctxOf(`${by.system}-handler`);
    else {
      const row = await findDispute(deps.db, id);
      const holder = h.code(row!.handlingUnitId ?? row!.intakeUnitId);
      if (by.part === 'handling') ctx = h.ctxOf(staffOf(holder));
      else {
        // a governance center that does not hold it: the county's, or the city's when the county's holds it
        const county = `governance-center-${s.place.county}`;
        ctx = h.ctxOf(holder === county ? `governance-center-${s.place.city}-handler` : `${county}-handler`);
      }
    }
    switch (step.verb) {
      case 'assess':
        await h.timed('assessDispute', () => assessDispute(d, ctx, id, { riskLevel: step.riskLevel, urgency: step.urgency, amount: step.amount, note: step.note }));
        break;
      case 'route':
        await h.timed('routeDispute', () => routeDispute(d, ctx, id, step.unit ? { unitId: h.unit(step.unit), kind: 'mediation-committee' } : {}));
        break;
      case 'session':
        await h.timed('recordSession', () => recordSession(d, ctx, id, { note: step.note }));
        break;
      case 'agree':
        await h.timed('recordAgreement', () => recordAgreement(d, ctx, id, { terms: step.terms, performance: step.performance }));
        h.result.agreements++;
        break;
      case 'no-agreement':
        await h.timed('recordNoAgreement', () => recordNoAgreement(d, ctx, id, { note: step.note }));
        break;
      case 'request-confirmation':
        await h.timed('requestConfirmation', () => requestConfirmation(d, ctx, id, { courtUnitId: h.unit(step.court) }));
        break;
      case 'accept-confirmation':
        await h.timed('acceptConfirmation', () => acceptConfirmation(d, ctx, id, { decision: step.decision, ...(step.note ? { note: step.note } : {}) }));
        break;
      case 'decide-confirmation':
        await h.timed('decideConfirmation', () => decideConfirmation(d, ctx, id, { decision: step.decision, note: step.note }));
        break;
      case 'close':
        await h.timed('closeDispute', () => closeDispute(d, ctx, id, { outcome: step.outcome, ...(step.referredTo ? { referredTo: step.referredTo } : {}) }));
        break;
      case 'withdraw':
        await h.timed('withdrawDispute', () => withdrawDispute(d, ctx, id, { note: step.note }));
        break;
      case 'visit':
        await h.timed('recordFollowUpVisit', () => recordFollowUpVisit(d, ctx, id, { note: step.note, ...(step.satisfaction ? { satisfaction: step.satisfaction } : {}) }));
        break;
      case 'rate':
        await h.timed('rateDispute', () => rateDispute(d, ctx, id, { satisfaction: step.satisfaction }));
        break;
      case 'follow-up':
        await h.timed('followUpDispute', () => followUpDispute(d, ctx, id, { note: step.note }));
        break;
      case 'reopen':
        await h.timed('reopenDispute', () => reopenDispute(d, ctx, id, { note: step.note }));
        h.result.disputes++;
        break;
      case 'note':
        await h.timed('noteDispute', () => noteDispute(d, ctx, id, { note: step.note }));
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown dispute step ${JSON.stringify(never)}`);
      }
    }
  }
  if (s.again) {
    const again = await intake(s.again.at, s.again.by, s.again.channel, s.again.summary);
    if (!again.reopenedFrom) throw new Error(`the same matter taken in again was not recognised as reopening ${created.number}`);
    h.result.disputes++;
  }
}

// --- petitions -------------------------------------------------------------------------------------------------

async function loadPetitions(s: PetitionStory, h: Helpers): Promise<void> {
  for (const [n, p] of s.petitions.entries()) {
    const office = h.ctxOf(p.office);
    const created = await h.timed('registerPetition', () =>
      registerPetition(h.at(p.at), office, { channel: p.channel, petitioner: p.petitioner, respondent: p.respondent, subject: p.subject, content: p.content, regionCode: p.regionCode, lawRelated: p.lawRelated }),
    );
    h.result.petitions++;
    const id = created.id;
    for (const { at, by, step } of p.steps) {
      const d = h.at(at);
      const ctx = h.ctxOf(by);
      switch (step.verb) {
        case 'route':
          await h.timed('routePetition', () => routePetition(d, ctx, id, { handlingUnitId: h.unit(step.to) }));
          break;
        case 'accept':
          await h.timed('acceptPetition', () => acceptPetition(d, ctx, id, {}));
          break;
        case 'refuse':
          await h.timed('refusePetition', () => refusePetition(d, ctx, id, { reason: step.reason }));
          break;
        case 'object':
          await h.timed('objectToRemit', () => objectToRemit(d, ctx, id, { reason: step.reason }));
          break;
        case 'extend':
          await h.timed('extendHandling', () => extendHandling(d, ctx, id, { reason: step.reason }));
          break;
        case 'issue-opinion':
          await h.timed('issueOpinion', () => issueOpinion(d, ctx, id, { outcome: step.outcome, opinion: step.opinion }));
          break;
        case 'request-review':
          await h.timed('requestReview', () => requestReview(d, ctx, id, { reviewUnitId: h.unit(step.to) }));
          break;
        case 'answer-review':
          await h.timed('answerReview', () => answerReview(d, ctx, id, { outcome: step.outcome, opinion: step.opinion }));
          break;
        case 'request-rereview':
          await h.timed('requestRereview', () => requestRereview(d, ctx, id, { rereviewUnitId: h.unit(step.to) }));
          break;
        case 'answer-rereview':
          await h.timed('answerRereview', () => answerRereview(d, ctx, id, { outcome: step.outcome, opinion: step.opinion }));
          break;
        case 'conclude':
          await h.timed('concludePetition', () => concludePetition(d, ctx, id, { note: step.note }));
          break;
        case 'route-legal': {
          // about one of the county's criminal cases; a demo without cases leaves the petition where it is
          const cases = h.cases.get(s.place.county) ?? [];
          if (cases.length === 0) break;
          const caseNumber = cases[(n + s.place.township.length * 7 + Number(s.place.township.slice(-1)) + h.result.petitions) % cases.length]!;
          await h.timed('routeIntoLegalProcedure', () => routeIntoLegalProcedure(d, ctx, id, { caseNumber, legalRoute: step.legalRoute, note: step.note }));
          break;
        }
        default: {
          const never: never = step;
          throw new Error(`unknown petition step ${JSON.stringify(never)}`);
        }
      }
    }
  }
}

// --- grid events -----------------------------------------------------------------------------------------------

async function loadGridEvent(s: GridStory, h: Helpers, index: number): Promise<void> {
  const reporter = 'worker' in s.reporter
    ? { kind: 'grid-worker' as const, ctx: h.ctxOf(s.reporter.worker) }
    : { kind: 'citizen' as const, phone: s.reporter.citizen, townshipCode: s.place.township, clientAddress: DEMO_CLIENT };
  const input = { category: s.category, description: s.description, address: s.address, latitude: s.latitude, longitude: s.longitude };
  const created = await h.timed('reportGridEvent', () => reportGridEvent(h.at(s.at), reporter, input));
  h.result.gridEvents++;
  const id = created.id;
  for (const { at, by, step } of s.steps) {
    const d = h.at(at);
    const ctx = h.ctxOf(by);
    switch (step.verb) {
      case 'photo':
        await h.timed('addGridEventPhoto', () => addGridEventPhoto(d, ctx, id, demoPng(step.seed + index), { name: step.name, declaredMime: 'image/png' }));
        h.result.photos++;
        break;
      case 'accept':
        await h.timed('acceptGridEvent', () => acceptGridEvent(d, ctx, id));
        break;
      case 'handle-locally':
        await h.timed('handleLocally', () => handleLocally(d, ctx, id, { note: step.note }));
        break;
      case 'escalate':
        await h.timed('escalateGridEvent', () => escalateGridEvent(d, ctx, id, { note: step.note }));
        break;
      case 'assign':
        await h.timed('assignDepartment', () => assignDepartment(d, ctx, id, { unitId: h.unit(step.unit) }));
        break;
      case 'record-handling':
        await h.timed('recordHandling', () => recordHandling(d, ctx, id, { note: step.note }));
        break;
      case 'verify':
        await h.timed('verifyGridEvent', () => verifyGridEvent(d, ctx, id, { ok: step.ok, ...(step.note ? { note: step.note } : {}) }));
        break;
      case 'close':
        await h.timed('closeGridEvent', () => closeGridEvent(d, ctx, id));
        break;
      case 'rate':
        await h.timed('rateGridEvent', () => rateGridEvent(d, ctx, id, { rating: step.rating }));
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown grid event step ${JSON.stringify(never)}`);
      }
    }
  }
}
