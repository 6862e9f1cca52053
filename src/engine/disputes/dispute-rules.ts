/**
 * The rules of disputes as data (rules/governance/): the taxonomy of types with their handling periods and
 * sources, the matching windows, the step periods, the routing rules and the mediation agreement's template.
 * Parsed and validated here (pure); every failure names the field, the loader adds the file.
 */
import { AGENCIES, type Agency } from '../organisation.ts';
import { type Fail, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const TARGET_KINDS = ['mediation-committee', 'administrative', 'court-pre-litigation', 'arbitration', 'legal-aid'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const ROUTE_LEVELS = ['city', 'county', 'township'] as const;
export type RouteLevel = (typeof ROUTE_LEVELS)[number];

type Bi = { zh: string; en: string };

export interface HandlingPeriod {
  /** calendar days (the last day moves past days off) or working days */
  unit: 'days' | 'workingDays';
  length: number;
  sourceId: string;
  source: Bi;
}

export interface DisputeType {
  id: string;
  name: Bi;
  risk: RiskLevel;
  handling: HandlingPeriod;
  /** the key routing rules name the type by (its own id unless it shares another's) */
  routeAs: string;
}

export interface RoutingRule {
  id: string;
  /** type ids or routeAs keys; '*' for any */
  types: readonly string[] | '*';
  risk: readonly RiskLevel[] | null;
  minAmount: number | null;
  region: { level: 'county' | 'township' | null; prefix: string | null };
  target: { kind: TargetKind; agency: Agency; level: RouteLevel };
  maxLoad: number | null;
}

export interface StepPeriods {
  assess: number;
  route: number;
  close: number;
  visit: number;
  basis: Bi;
}

export interface AgreementTemplate {
  title: Bi;
  parts: Record<AgreementPart, Bi>;
}
export const AGREEMENT_PARTS = ['header', 'parties', 'facts', 'terms', 'performance', 'effect', 'signature', 'seal'] as const;
export type AgreementPart = (typeof AGREEMENT_PARTS)[number];
export const AGREEMENT_PLACEHOLDERS = ['number', 'parties', 'summary', 'terms', 'performance', 'mediator', 'committee', 'date', 'keyId', 'digest'] as const;

export interface DisputeRules {
  types: ReadonlyMap<string, DisputeType>;
  matching: { duplicateWithinDays: number; reopenWithinDays: number; basis: Bi };
  steps: StepPeriods;
  routes: readonly RoutingRule[];
  kinds: Record<TargetKind, { name: Bi; agencies: readonly Agency[] }>;
  agreement: AgreementTemplate;
}

const TYPE_ID = /^[a-z][a-z0-9-]{1,40}$/;

function wholeNumber(v: unknown, path: string, min: number, max: number, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `must be a whole number from ${min} to ${max}`);
  return v as number;
}

function list(v: unknown, path: string, fail: Fail): unknown[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'must be a non-empty list');
  return v as unknown[];
}

/** rules/governance/dispute-types.yaml */
export function parseDisputeTypes(raw: unknown, fail: Fail): Pick<DisputeRules, 'types' | 'matching' | 'steps'> {
  const r = record(raw, 'dispute-types', ['matching', 'steps', 'handlingSources', 'types'], fail);
  const m = record(r.matching, 'matching', ['duplicateWithinDays', 'reopenWithinDays', 'basis'], fail);
  const matching = {
    duplicateWithinDays: wholeNumber(m.duplicateWithinDays, 'matching.duplicateWithinDays', 1, 366, fail),
    reopenWithinDays: wholeNumber(m.reopenWithinDays, 'matching.reopenWithinDays', 1, 366, fail),
    basis: bilingual(m.basis, 'matching.basis', fail),
  };
  const s = record(r.steps, 'steps', ['assess', 'route', 'close', 'visit', 'basis'], fail);
  const step = (name: 'assess' | 'route' | 'close' | 'visit') => wholeNumber(record(s[name], `steps.${name}`, ['workingDays'], fail).workingDays, `steps.${name}.workingDays`, 1, 250, fail);
  const steps: StepPeriods = { assess: step('assess'), route: step('route'), close: step('close'), visit: step('visit'), basis: bilingual(s.basis, 'steps.basis', fail) };
  if (!isRecord(r.handlingSources)) fail('handlingSources', 'must be a mapping of source ids to { zh, en }');
  const sources = new Map(Object.entries(r.handlingSources as Record<string, unknown>).map(([id, v]) => [id, bilingual(v, `handlingSources.${id}`, fail)]));
  const types = new Map<string, DisputeType>();
  list(r.types, 'types', fail).forEach((item, i) => {
    const t = record(item, `types[${i}]`, ['id', 'zh', 'en', 'risk', 'handling', 'routeAs'], fail);
    const id = text(t.id, `types[${i}].id`, fail);
    const at = `types[${i}] (${id})`;
    if (!TYPE_ID.test(id)) fail(`${at}.id`, 'must be lower-case letters, digits and hyphens');
    if (types.has(id)) fail(`${at}.id`, 'appears twice');
    const h = record(t.handling, `${at}.handling`, ['days', 'workingDays', 'source'], fail);
    if ((h.days === undefined) === (h.workingDays === undefined)) fail(`${at}.handling`, 'give exactly one of days or workingDays');
    const unit = h.days !== undefined ? 'days' : 'workingDays';
    const length = wholeNumber(h[unit], `${at}.handling.${unit}`, 1, 366, fail);
    const sourceId = text(h.source, `${at}.handling.source`, fail);
    const source = sources.get(sourceId);
    if (!source) fail(`${at}.handling.source`, `unknown source "${sourceId}" (known: ${[...sources.keys()].join(', ')})`);
    types.set(id, {
      id,
      name: { zh: text(t.zh, `${at}.zh`, fail), en: text(t.en, `${at}.en`, fail) },
      risk: oneOf(t.risk, RISK_LEVELS, `${at}.risk`, fail),
      handling: { unit, length, sourceId, source: source! },
      routeAs: t.routeAs === undefined ? id : text(t.routeAs, `${at}.routeAs`, fail),
    });
  });
  for (const t of types.values()) if (!types.has(t.routeAs)) fail(`types (${t.id}).routeAs`, `"${t.routeAs}" is not a type`);
  if (types.size < 20) fail('types', `must hold at least 20 types (has ${types.size})`);
  return { types, matching, steps };
}

/** rules/governance/dispute-routing.yaml, checked against the types. */
export function parseDisputeRouting(raw: unknown, types: ReadonlyMap<string, DisputeType>, fail: Fail): Pick<DisputeRules, 'routes' | 'kinds'> {
  const r = record(raw, 'dispute-routing', ['routes', 'kinds'], fail);
  const k = record(r.kinds, 'kinds', TARGET_KINDS, fail);
  const kinds = Object.fromEntries(
    TARGET_KINDS.map((kind) => {
      if (k[kind] === undefined) fail(`kinds.${kind}`, 'is required');
      const e = record(k[kind], `kinds.${kind}`, ['zh', 'en', 'agencies'], fail);
      const agencies = list(e.agencies, `kinds.${kind}.agencies`, fail).map((a, i) => oneOf(a, AGENCIES, `kinds.${kind}.agencies[${i}]`, fail));
      return [kind, { name: { zh: text(e.zh, `kinds.${kind}.zh`, fail), en: text(e.en, `kinds.${kind}.en`, fail) }, agencies }];
    }),
  ) as unknown as DisputeRules['kinds'];
  const ids = new Set<string>();
  const routes = list(r.routes, 'routes', fail).map((item, i): RoutingRule => {
    const e = record(item, `routes[${i}]`, ['id', 'types', 'risk', 'minAmount', 'region', 'target', 'maxLoad'], fail);
    const id = text(e.id, `routes[${i}].id`, fail);
    const at = `routes[${i}] (${id})`;
    if (ids.has(id)) fail(`${at}.id`, 'appears twice');
    ids.add(id);
    const typeList = list(e.types, `${at}.types`, fail).map((t, j) => text(t, `${at}.types[${j}]`, fail));
    const routeKeys = new Set([...types.values()].map((t) => t.routeAs));
    if (!(typeList.length === 1 && typeList[0] === '*')) {
      typeList.forEach((t, j) => {
        if (!routeKeys.has(t)) fail(`${at}.types[${j}]`, `"${t}" is not a type (or is routed as another type)`);
      });
    }
    const target = record(e.target, `${at}.target`, ['kind', 'agency', 'level'], fail);
    const kind = oneOf(target.kind, TARGET_KINDS, `${at}.target.kind`, fail);
    const agency = oneOf(target.agency, AGENCIES, `${at}.target.agency`, fail);
    if (!kinds[kind].agencies.includes(agency)) fail(`${at}.target.agency`, `${agency} does not stand for ${kind} (kinds.${kind}.agencies: ${kinds[kind].agencies.join(', ')})`);
    const region = e.region === undefined ? {} : record(e.region, `${at}.region`, ['level', 'prefix'], fail);
    if (region.prefix !== undefined && (typeof region.prefix !== 'string' || !/^[0-9]{2,9}$/.test(region.prefix))) fail(`${at}.region.prefix`, 'must be 2 to 9 digits of a region code (quote it)');
    return {
      id,
      types: typeList[0] === '*' ? '*' : typeList,
      risk: e.risk === undefined ? null : list(e.risk, `${at}.risk`, fail).map((x, j) => oneOf(x, RISK_LEVELS, `${at}.risk[${j}]`, fail)),
      minAmount: e.minAmount === undefined ? null : wholeNumber(e.minAmount, `${at}.minAmount`, 0, 1e12, fail),
      region: {
        level: region.level === undefined ? null : oneOf(region.level, ['county', 'township'] as const, `${at}.region.level`, fail),
        prefix: (region.prefix as string | undefined) ?? null,
      },
      target: { kind, agency, level: oneOf(target.level, ROUTE_LEVELS, `${at}.target.level`, fail) },
      maxLoad: e.maxLoad === undefined ? null : wholeNumber(e.maxLoad, `${at}.maxLoad`, 1, 100_000, fail),
    };
  });
  // every type must reach some rule, or an assessed dispute of it could never be routed by the rules
  for (const t of types.values()) {
    if (!routes.some((x) => x.types === '*' || x.types.includes(t.routeAs))) fail('routes', `no rule routes type ${t.id}`);
  }
  return { routes, kinds };
}

/** rules/governance/mediation-agreement.yaml */
export function parseAgreementTemplate(raw: unknown, fail: Fail): AgreementTemplate {
  const r = record(raw, 'mediation-agreement', ['title', 'parts'], fail);
  const p = record(r.parts, 'parts', AGREEMENT_PARTS, fail);
  const parts = Object.fromEntries(
    AGREEMENT_PARTS.map((name) => {
      if (p[name] === undefined) fail(`parts.${name}`, 'is required');
      const b = bilingual(p[name], `parts.${name}`, fail);
      for (const lang of ['zh', 'en'] as const) {
        for (const m of b[lang].matchAll(/\{([^}]*)\}/g)) {
          if (!(AGREEMENT_PLACEHOLDERS as readonly string[]).includes(m[1]!)) fail(`parts.${name}.${lang}`, `unknown placeholder {${m[1]}} (known: ${AGREEMENT_PLACEHOLDERS.join(', ')})`);
        }
      }
      return [name, b];
    }),
  ) as Record<AgreementPart, Bi>;
  return { title: bilingual(r.title, 'title', fail), parts };
}

/** Fills a template part's placeholders. */
export function fillTemplate(template: string, values: Partial<Record<(typeof AGREEMENT_PLACEHOLDERS)[number], string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => values[key as keyof typeof values] ?? whole);
}
