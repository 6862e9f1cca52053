/**
 * The citizens' pages (issue 6 part 4): file a dispute, a petition or a report of a problem in a place without
 * logging in, and follow it with the tracking code and the last four digits of the phone given. Each filing is
 * checked in full first (a typo uses up nothing), then counted against the abuse limits, then stored by the
 * module that owns the matter — in its one transaction with its audit record, written as the system acting for
 * the citizen with the client address. The same form sent twice on one day is one record: the second answers
 * the first one's code. A lookup answers the same TRACKING_NOT_FOUND for an unknown code and for wrong digits.
 */
import { createHmac } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf, isoDate } from '../../engine/clock/civil-date.ts';
import { PUBLIC_FORM_LIMITS as L, type FormProblem, checkConsent, checkFormTexts, matchesPhoneLast4, submissionText } from '../../engine/public-intake/forms.ts';
import { type PublicKind, type PublicProgress, publicProgress } from '../../engine/public-intake/progress.ts';
import { AppError } from '../../shared/errors.ts';
import { formatTrackingCode, newTrackingCode, normalizeTrackingCode } from '../../shared/tracking-code.ts';
import { checkIntake, intakeDispute } from '../disputes/disputes.service.ts';
import { reportGridEvent } from '../grid-events/grid-events.service.ts';
import { registerPetition } from '../petitions/petitions.service.ts';
import { countSubmission, withinLookupLimits } from './public-limits.ts';
import * as repo from './public.repository.ts';

type Deps = AppDeps;

/** The name the audit records for the system acting for a citizen. */
export const PUBLIC_ACTOR = 'public-form';

export interface Filed {
  kind: PublicKind;
  number: string;
  trackingCode: string;
  /** the code in groups of four, for reading aloud */
  trackingCodeFormatted: string;
  /** false: the same submission was filed before, and this is its record */
  created: boolean;
}

const filed = (kind: PublicKind, r: { number: string; trackingCode: string }, created: boolean): Filed => ({
  kind, number: r.number, trackingCode: r.trackingCode, trackingCodeFormatted: formatTrackingCode(r.trackingCode), created,
});

function refuseIfAny(problems: (FormProblem | null)[]): void {
  const found = problems.filter((p): p is FormProblem => p !== null);
  if (found.length > 0) throw new AppError('VALIDATION_FAILED', found);
}

const placeProblem = (field: string, zh: string, en: string): FormProblem => ({ field, message: { zh, en } });

function submissionKey(deps: Deps, kind: PublicKind, fields: Record<string, unknown>): string {
  const day = isoDate(cstDayOf(deps.now().getTime()));
  return createHmac('sm3', deps.masterKey()).update(`caselink/public-filing\0${submissionText(kind, day, fields)}`).digest('hex');
}

const isUniqueViolation = (e: unknown, constraint: string) => e instanceof Error && e.message.includes(constraint);

// --- disputes ----------------------------------------------------------------------------------------------------

export interface PublicDisputeInput {
  regionCode: string;
  type: string;
  summary: string;
  amount?: number | null;
  applicant: { name: string; phone: string; idNumber?: string | null; address?: string | null };
  respondent: { kind: 'person' | 'organisation'; name: string; phone?: string | null; address?: string | null };
  consent: boolean;
}

/** A dispute filed online: taken in at the governance center of the township or county the citizen picked. */
export async function filePublicDispute(deps: Deps, clientAddress: string, input: PublicDisputeInput): Promise<Filed> {
  const intake = {
    channel: 'online' as const,
    type: input.type,
    summary: input.summary,
    amount: input.amount ?? null,
    regionCode: input.regionCode,
    parties: [
      { role: 'applicant' as const, kind: 'person' as const, name: input.applicant.name, phone: input.applicant.phone, idNumber: input.applicant.idNumber || null, address: input.applicant.address || null },
      { role: 'respondent' as const, kind: input.respondent.kind, name: input.respondent.name, phone: input.respondent.phone || null, address: input.respondent.address || null },
    ],
  };
  refuseIfAny([checkConsent(input.consent)]);
  checkIntake(deps, intake);
  const center = await repo.unitIn(deps.db, 'governance-center', input.regionCode);
  if (!center || (center.level !== 'township' && center.level !== 'county')) {
    throw new AppError('VALIDATION_FAILED', [placeProblem('regionCode', '请选择所在的县（市、区）或乡镇（街道）', 'pick the county or township (street) where you are')]);
  }
  const importKey = `public:${submissionKey(deps, 'dispute', { ...intake, regionCode: input.regionCode })}`;
  const seen = await repo.findDisputeByImportKey(deps.db, importKey);
  if (seen) return filed('dispute', seen, false);
  await countSubmission(deps, { address: clientAddress, phone: input.applicant.phone });
  let r: Awaited<ReturnType<typeof intakeDispute>>;
  try {
    r = await intakeDispute(deps, { system: { unitId: center.id, username: PUBLIC_ACTOR, clientAddress } }, { ...intake, importKey });
  } catch (error) {
    // an anonymous caller learns that the matter is registered, not its number or id: whoever knows a phone
    // number and a name must not learn of another person's dispute
    if (error instanceof AppError && error.code === 'DISPUTE_DUPLICATE') {
      throw new AppError('DISPUTE_DUPLICATE', {}, {
        zh: '同一事项已经登记、正在办理，未重复登记；请用登记时获得的查询码查询进度，或联系受理的社会治理中心',
        en: 'The same matter is already registered and being handled; nothing was registered twice. Follow it with the tracking code you were given, or contact the governance center',
      });
    }
    throw error;
  }
  return filed('dispute', r, r.created);
}

// --- petitions ---------------------------------------------------------------------------------------------------

export interface PublicPetitionInput {
  regionCode: string;
  petitioner: { name: string; phone: string; idNumber?: string | null };
  respondent: string;
  subject: string;
  content: string;
  lawRelated?: boolean;
  consent: boolean;
}

/** A petition filed online (信访工作条例 17: the network channel): registered at the petition office picked. */
export async function filePublicPetition(deps: Deps, clientAddress: string, input: PublicPetitionInput): Promise<Filed> {
  refuseIfAny([
    checkConsent(input.consent),
    ...checkFormTexts([
      { field: 'petitioner.name', value: input.petitioner.name, max: L.name },
      { field: 'respondent', value: input.respondent, max: L.respondent },
      { field: 'subject', value: input.subject, max: L.subject },
      { field: 'content', value: input.content, max: L.content, multiline: true },
    ]),
  ]);
  const office = await repo.unitIn(deps.db, 'petition-office', input.regionCode);
  if (!office || (office.level !== 'county' && office.level !== 'city')) {
    throw new AppError('VALIDATION_FAILED', [placeProblem('regionCode', '请选择信访事项所在的县（市、区）或市', 'pick the county or city the petition is about')]);
  }
  const petition = {
    channel: 'online', petitioner: { name: input.petitioner.name, phone: input.petitioner.phone, idNumber: input.petitioner.idNumber || null },
    respondent: input.respondent, subject: input.subject, content: input.content, regionCode: input.regionCode, lawRelated: input.lawRelated ?? false,
  };
  const key = submissionKey(deps, 'petition', petition);
  const seen = await repo.findFiling(deps.db, key);
  if (seen) return filed('petition', seen, false);
  await countSubmission(deps, { address: clientAddress, phone: input.petitioner.phone });
  try {
    const r = await registerPetition(deps, {
      receivingUnitId: office.id, clientAddress,
      within: (tx, created) => repo.insertFiling(tx, { submissionKey: key, kind: 'petition', matterId: created.id, trackingCode: created.trackingCode, at: deps.now().toISOString() }),
    }, petition);
    return filed('petition', r, true);
  } catch (error) {
    // the same form sent twice at once: the second answers the first one's petition
    const first = isUniqueViolation(error, 'public_filing_pkey') ? await repo.findFiling(deps.db, key) : null;
    if (first) return filed('petition', first, false);
    throw error;
  }
}

// --- grid events -------------------------------------------------------------------------------------------------

export interface PublicGridEventInput {
  townshipCode: string;
  category: string;
  description: string;
  address: string;
  latitude?: number | null;
  longitude?: number | null;
  phone: string;
  consent: boolean;
}

/** A citizen's report of a problem in a place: to the governance center of the township picked (flows.md §6). */
export async function filePublicGridEvent(deps: Deps, clientAddress: string, input: PublicGridEventInput): Promise<Filed> {
  refuseIfAny([
    checkConsent(input.consent),
    ...checkFormTexts([
      { field: 'description', value: input.description, max: L.summary, multiline: true },
      { field: 'address', value: input.address, max: L.address },
    ]),
  ]);
  if (!deps.gridEventRules.categories.some((c) => c.id === input.category)) {
    throw new AppError('VALIDATION_FAILED', [placeProblem('category', '请选择问题类别', 'pick the kind of problem')]);
  }
  const center = await repo.unitIn(deps.db, 'governance-center', input.townshipCode);
  if (center?.level !== 'township') {
    throw new AppError('VALIDATION_FAILED', [placeProblem('townshipCode', '请选择问题所在的乡镇（街道）', 'pick the township (street) where the problem is')]);
  }
  const report = { category: input.category, description: input.description, address: input.address, latitude: input.latitude ?? null, longitude: input.longitude ?? null };
  const key = submissionKey(deps, 'grid-event', { ...report, townshipCode: input.townshipCode, phone: input.phone });
  const seen = await repo.findFiling(deps.db, key);
  if (seen) return filed('grid-event', seen, false);
  await countSubmission(deps, { address: clientAddress, phone: input.phone });
  const trackingCode = newTrackingCode('grid-event');
  try {
    const r = await reportGridEvent(deps, {
      kind: 'citizen', phone: input.phone, townshipCode: input.townshipCode, clientAddress,
      within: (tx, created) => repo.insertFiling(tx, { submissionKey: key, kind: 'grid-event', matterId: created.id, trackingCode, at: deps.now().toISOString() }),
    }, report);
    return filed('grid-event', { number: r.number, trackingCode }, true);
  } catch (error) {
    const first = isUniqueViolation(error, 'public_filing_pkey') ? await repo.findFiling(deps.db, key) : null;
    if (first) return filed('grid-event', first, false);
    throw error;
  }
}

// --- progress ----------------------------------------------------------------------------------------------------

/**
 * The progress of the matter with this code, when the phone given with it ends in these four digits. An unknown
 * code and wrong digits get the same answer; a failed attempt counts against the code (the digits cannot be
 * tried through), every attempt against the address.
 */
export async function trackMatter(deps: Deps, clientAddress: string, input: { code: string; phoneLast4: string }): Promise<PublicProgress> {
  const code = normalizeTrackingCode(input.code);
  if (!code) throw new AppError('TRACKING_CODE_INVALID', [{ field: 'code', message: { zh: '查询码格式不正确（两个字母加十二位字母数字），请核对', en: 'not a tracking code (two letters and twelve letters or digits): check it' } }]);
  const progress = await withinLookupLimits(deps, { address: clientAddress, code: code.code }, async (tx) => {
    const found = await repo.findMatter(tx, code.kind, code.code);
    if (!found || !matchesPhoneLast4(found.phoneLast4, input.phoneLast4)) return null;
    const events = await repo.matterTimeline(tx, code.kind, found.id);
    const stage = found.facts.caseStageId ? deps.caseFlow.stages.get(found.facts.caseStageId) : undefined;
    const { caseStageId, ...facts } = found.facts;
    return publicProgress({ ...facts, events, caseStage: caseStageId === null ? null : stage ? { zh: stage.zh, en: stage.en } : { zh: caseStageId, en: caseStageId } });
  });
  if (!progress) throw new AppError('TRACKING_NOT_FOUND');
  return progress;
}

// --- the forms' options ------------------------------------------------------------------------------------------

/** What the forms offer: dispute types, petition channels, grid event categories, and the places to pick. */
export async function publicOptions(deps: Deps) {
  return {
    disputeTypes: [...deps.disputeRules.types.values()].map((t) => ({ id: t.id, zh: t.name.zh, en: t.name.en })),
    petitionChannels: [...deps.petitionFlow.channels.values()].map((c) => ({ id: c.id, zh: c.zh, en: c.en })),
    gridEventCategories: deps.gridEventRules.categories.map((c) => ({ id: c.id, zh: c.zh, en: c.en })),
    regions: await repo.publicRegions(deps.db),
    limits: { ...L },
  };
}
