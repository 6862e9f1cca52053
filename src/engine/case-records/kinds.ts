/**
 * Kinds of structured case records (rules/case-records.yaml) and the check of a record's data against its kind.
 * Pure.
 */
import type { Bilingual } from '../../shared/errors.ts';
import { AGENCIES, type Agency } from '../organisation.ts';
import { type Fail, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';

export type FieldSpec =
  | ({ type: 'integer' | 'number'; min: number; max: number } & Common)
  | ({ type: 'date' } & Common)
  | ({ type: 'text'; max: number } & Common)
  | ({ type: 'enum' | 'list'; values: string[] } & Common)
  | ({ type: 'boolean' } & Common);

interface Common {
  required: boolean;
  zh: string;
  en: string;
}

export interface RecordKind {
  id: string;
  name: Bilingual;
  person: boolean;
  agencies: Agency[];
  fields: Record<string, FieldSpec>;
}

export interface CaseRecordRules {
  kinds: Map<string, RecordKind>;
  incidentCategories: Map<string, Bilingual>;
}

const FIELD_TYPES = ['integer', 'number', 'date', 'text', 'enum', 'list', 'boolean'] as const;

export function parseCaseRecordRules(raw: unknown, source = 'rules/case-records.yaml'): CaseRecordRules {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  const r = record(raw, 'case-records', ['kinds', 'incident-categories'], fail);
  if (!isRecord(r.kinds)) fail('kinds', 'must be a mapping');
  const kinds = new Map<string, RecordKind>();
  for (const [id, k] of Object.entries(r.kinds as Record<string, unknown>)) {
    const path = `kinds.${id}`;
    const kr = record(k, path, ['zh', 'en', 'person', 'agencies', 'fields'], fail);
    if (typeof kr.person !== 'boolean') fail(`${path}.person`, 'must be true or false');
    if (!Array.isArray(kr.agencies) || kr.agencies.length === 0) fail(`${path}.agencies`, 'must be a non-empty list');
    const agencies = (kr.agencies as unknown[]).map((a, i) => oneOf(a, AGENCIES, `${path}.agencies[${i}]`, fail));
    if (!isRecord(kr.fields)) fail(`${path}.fields`, 'must be a mapping');
    const fields: Record<string, FieldSpec> = {};
    for (const [name, f] of Object.entries(kr.fields as Record<string, unknown>)) {
      const fp = `${path}.fields.${name}`;
      if (!/^[a-z][a-z0-9_]*$/.test(name)) fail(fp, 'a field name is lower-case letters, digits and _');
      const fr = record(f, fp, ['type', 'min', 'max', 'values', 'required', 'zh', 'en'], fail);
      const type = oneOf(fr.type, FIELD_TYPES, `${fp}.type`, fail);
      const common = { required: fr.required === undefined ? true : fr.required === true, zh: text(fr.zh, `${fp}.zh`, fail), en: text(fr.en, `${fp}.en`, fail) };
      if (type === 'integer' || type === 'number') {
        if (typeof fr.min !== 'number' || typeof fr.max !== 'number' || fr.min > fr.max) fail(fp, 'needs numbers min <= max');
        fields[name] = { type, min: fr.min as number, max: fr.max as number, ...common };
      } else if (type === 'text') {
        if (!Number.isInteger(fr.max) || (fr.max as number) < 1) fail(`${fp}.max`, 'needs a maximum length');
        fields[name] = { type, max: fr.max as number, ...common };
      } else if (type === 'enum' || type === 'list') {
        if (!Array.isArray(fr.values) || fr.values.length === 0 || !fr.values.every((v) => typeof v === 'string')) fail(`${fp}.values`, 'must be a non-empty list of strings');
        fields[name] = { type, values: fr.values as string[], ...common };
      } else fields[name] = { type, ...common };
    }
    kinds.set(id, { id, name: bilingual({ zh: kr.zh, en: kr.en }, path, fail), person: kr.person as boolean, agencies, fields });
  }
  const incidentCategories = new Map<string, Bilingual>();
  if (!isRecord(r['incident-categories'])) fail('incident-categories', 'must be a mapping');
  for (const [id, c] of Object.entries(r['incident-categories'] as Record<string, unknown>)) incidentCategories.set(id, bilingual(c, `incident-categories.${id}`, fail));
  return { kinds, incidentCategories };
}

export interface FieldProblem {
  field: string;
  message: Bilingual;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The problems of a record's data against its kind (empty: it may be stored). Unknown fields are problems too. */
export function checkRecordData(kind: RecordKind, data: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, zh: string, en: string) => problems.push({ field: `data.${field}`, message: { zh, en } });
  for (const name of Object.keys(data)) if (!kind.fields[name]) bad(name, `「${kind.name.zh}」没有这一项`, `"${kind.name.en}" has no such field (it has: ${Object.keys(kind.fields).join(', ')})`);
  for (const [name, spec] of Object.entries(kind.fields)) {
    const v = data[name];
    if (v === undefined || v === null) {
      if (spec.required) bad(name, `须填写「${spec.zh}」`, `${spec.en} is required`);
      continue;
    }
    switch (spec.type) {
      case 'integer':
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || (spec.type === 'integer' && !Number.isInteger(v)) || v < spec.min || v > spec.max) {
          bad(name, `「${spec.zh}」须为 ${spec.min}–${spec.max} 之间的${spec.type === 'integer' ? '整数' : '数'}`, `${spec.en} must be a ${spec.type === 'integer' ? 'whole number' : 'number'} from ${spec.min} to ${spec.max}`);
        }
        break;
      case 'date':
        if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
          bad(name, `「${spec.zh}」须为有效日期 YYYY-MM-DD`, `${spec.en} must be a real date, YYYY-MM-DD`);
        }
        break;
      case 'text':
        if (typeof v !== 'string' || v.trim() === '' || v.length > spec.max || /[\p{Cc}\p{Cs}]/u.test(v)) bad(name, `「${spec.zh}」须为不超过 ${spec.max} 字的文字`, `${spec.en} must be text of at most ${spec.max} characters`);
        break;
      case 'enum':
        if (typeof v !== 'string' || !spec.values.includes(v)) bad(name, `「${spec.zh}」须为 ${spec.values.join('、')} 之一`, `${spec.en} must be one of ${spec.values.join(', ')}`);
        break;
      case 'list':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && spec.values.includes(x)) || new Set(v).size !== v.length) {
          bad(name, `「${spec.zh}」须为 ${spec.values.join('、')} 中的若干项`, `${spec.en} must be a list of distinct values among ${spec.values.join(', ')}`);
        }
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad(name, `「${spec.zh}」须为是或否`, `${spec.en} must be true or false`);
        break;
    }
  }
  return problems;
}
