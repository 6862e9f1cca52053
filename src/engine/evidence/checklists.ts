/**
 * Evidence checklists (证据标准指引): per charge, the evidence items a case file should hold before transfer for
 * prosecution (rules/evidence-checklists/<charge>.yaml). Pure: no I/O. A bad file is refused with the file, the
 * entry (index and id) and the field, so a reviewer can find it without a debugger.
 */
import type { LegalBasis } from '../clock/types.ts';
import { type Fail, basisList, bilingual, isRecord, record, text } from '../rules-data.ts';

/**
 * The statutory kinds of evidence of CPL art. 50 in code words. The eighth statutory kind (视听资料、电子数据) is
 * two words here because the two are collected and reviewed under different rules.
 */
export const EVIDENCE_CATEGORIES = [
  'physical-evidence', // 物证
  'documentary-evidence', // 书证
  'witness-testimony', // 证人证言
  'victim-statement', // 被害人陈述
  'suspect-statement', // 犯罪嫌疑人、被告人供述和辩解
  'expert-opinion', // 鉴定意见
  'inspection-record', // 勘验、检查、辨认、侦查实验等笔录
  'audio-visual', // 视听资料
  'electronic-data', // 电子数据
] as const;
export type EvidenceCategory = (typeof EVIDENCE_CATEGORIES)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** A guidance document a checklist follows (a judicial interpretation, an opinion, an evidence guideline). */
export interface EvidenceSource {
  /** The document's title as published, in Chinese. */
  title: string;
  /** Its document number (文号), e.g. 法发〔2016〕32号, where known. */
  ref?: string;
  year: number;
  note?: string;
}

export interface EvidenceItemSpec {
  /** Kebab-case and stable: a case's evidence items point at it. Shared items keep one id in every file. */
  id: string;
  name: Bilingual;
  category: EvidenceCategory;
  /** Required before transfer; with `when`, required only when that condition holds. */
  required: boolean;
  /** The condition (in Chinese) under which a required item is required, e.g. 涉案金额需鉴定时. */
  when?: string;
  note?: string;
}

export interface ChargeSpec {
  /** Kebab-case, equal to the file name without .yaml (e.g. telecom-fraud). */
  id: string;
  name: Bilingual;
  basis: LegalBasis[];
}

export interface EvidenceChecklist {
  charge: ChargeSpec;
  sources: EvidenceSource[];
  items: EvidenceItemSpec[];
}

/** What a case's evidence lacks against its checklist. */
export interface EvidenceGap {
  /** Required items not present: these block the transfer unless a unit head overrides with a reason. */
  missing: EvidenceItemSpec[];
  /** Conditional items not present: the handler confirms whether the condition holds; they do not block. */
  toConfirm: EvidenceItemSpec[];
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TOP_FIELDS = ['charge', 'sources', 'items'] as const;
const CHARGE_FIELDS = ['id', 'name', 'basis'] as const;
const SOURCE_FIELDS = ['title', 'ref', 'year', 'note'] as const;
const ITEM_FIELDS = ['id', 'name', 'category', 'required', 'when', 'note'] as const;

function kebab(value: unknown, path: string, fail: Fail): string {
  const id = text(value, path, fail);
  if (!ID.test(id)) fail(path, `"${id}" must be lower-case words joined by "-" (e.g. blood-alcohol-appraisal)`);
  return id;
}

function list(value: unknown, path: string, fail: Fail): unknown[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'must be a non-empty list');
  return value as unknown[];
}

/** "items[3] (victim-statement)" once the entry has a usable id, so the error points at the entry by name. */
function at(path: string, raw: unknown): string {
  const id = isRecord(raw) ? raw.id : undefined;
  return typeof id === 'string' && id !== '' ? `${path} (${id})` : path;
}

function charge(value: unknown, fail: Fail): ChargeSpec {
  const path = at('charge', value);
  const r = record(value, path, CHARGE_FIELDS, fail);
  return {
    id: kebab(r.id, `${path}.id`, fail),
    name: bilingual(r.name, `${path}.name`, fail),
    basis: basisList(r.basis, `${path}.basis`, fail),
  };
}

function sourceEntry(value: unknown, index: number, fail: Fail): EvidenceSource {
  const path = `sources[${index}]`;
  const r = record(value, path, SOURCE_FIELDS, fail);
  const title = text(r.title, `${path}.title`, fail);
  if (typeof r.year !== 'number' || !Number.isInteger(r.year) || r.year < 1979 || r.year > 2100) {
    fail(`${path}.year`, 'must be a year between 1979 and 2100');
  }
  const out: EvidenceSource = { title, year: r.year as number };
  if (r.ref !== undefined) out.ref = text(r.ref, `${path}.ref`, fail);
  if (r.note !== undefined) out.note = text(r.note, `${path}.note`, fail);
  return out;
}

function item(value: unknown, index: number, fail: Fail): EvidenceItemSpec {
  const path = at(`items[${index}]`, value);
  const r = record(value, path, ITEM_FIELDS, fail);
  const id = kebab(r.id, `${path}.id`, fail);
  const name = bilingual(r.name, `${path}.name`, fail);
  const category = r.category;
  if (typeof category !== 'string' || !(EVIDENCE_CATEGORIES as readonly string[]).includes(category)) {
    fail(`${path}.category`, `unknown value ${JSON.stringify(category)} (one of ${EVIDENCE_CATEGORIES.join(', ')})`);
  }
  if (typeof r.required !== 'boolean') fail(`${path}.required`, 'must be true or false');
  const out: EvidenceItemSpec = { id, name, category: category as EvidenceCategory, required: r.required as boolean };
  if (r.when !== undefined) {
    // An optional item needs no condition; `when` narrows when a required item is required.
    if (!out.required) fail(`${path}.when`, 'is given only for a required item (required: true)');
    out.when = text(r.when, `${path}.when`, fail);
  }
  if (r.note !== undefined) out.note = text(r.note, `${path}.note`, fail);
  return out;
}

/** The file name without directories and without .yaml/.yml, or undefined when `source` names no YAML file. */
function fileStem(source: string): string | undefined {
  const base = source.slice(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
  const match = /^(.*)\.ya?ml$/.exec(base);
  return match?.[1];
}

/**
 * Parses one rules/evidence-checklists/<charge>.yaml document; throws naming `source`, the entry and the field of
 * a bad entry. When `source` names a .yaml file, the charge id must equal its name (theft.yaml holds `theft`).
 */
export function parseEvidenceChecklist(raw: unknown, source: string): EvidenceChecklist {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  const top = record(raw, '(top level)', TOP_FIELDS, fail);
  const spec = charge(top.charge, fail);
  const stem = fileStem(source);
  if (stem !== undefined && stem !== spec.id) {
    fail(`charge (${spec.id}).id`, `must equal the file name "${stem}"`);
  }
  const sources = list(top.sources, 'sources', fail).map((s, i) => sourceEntry(s, i, fail));
  const items = list(top.items, 'items', fail).map((it, i) => item(it, i, fail));
  const ids = new Map<string, number>();
  items.forEach((it, i) => {
    const first = ids.get(it.id);
    if (first !== undefined) fail(`items[${i}] (${it.id}).id`, `duplicate id, already at items[${first}]`);
    ids.set(it.id, i);
  });
  return { charge: spec, sources, items };
}

/**
 * The checklist's items the case's evidence does not cover (CPL art. 162: a case is transferred for prosecution
 * only with the facts clear and the evidence reliable and sufficient). `present` holds the item ids the case's
 * evidence covers; ids the checklist does not know are ignored. Unconditional required items are `missing`,
 * conditional ones (`when`) are `toConfirm`; optional items are never reported. Both keep the checklist's order.
 */
export function missingEvidence(checklist: EvidenceChecklist, present: ReadonlySet<string>): EvidenceGap {
  const missing: EvidenceItemSpec[] = [];
  const toConfirm: EvidenceItemSpec[] = [];
  for (const spec of checklist.items) {
    if (!spec.required || present.has(spec.id)) continue;
    (spec.when === undefined ? missing : toConfirm).push(spec);
  }
  return { missing, toConfirm };
}
