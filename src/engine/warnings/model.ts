/**
 * Warning models as data (rules/warning-models/*.yaml, warning-models.md): each file is parsed, validated and
 * compiled here to one SELECT that runs inside the database and returns a row per hit. A model is written
 * either as a declarative condition over a subject (subjects.ts) or as SQL with named parameters (:days) where
 * that is clearer; either way the result is checked by sql-guard.ts. Pure.
 */
import type { Bilingual } from '../../shared/errors.ts';
import type { LegalBasis } from '../clock/types.ts';
import { type Fail, basisList, bilingual, isRecord, oneOf, record, text } from '../rules-data.ts';
import { checkModelSql, namedParameters, replaceNamedParameters } from './sql-guard.ts';
import { SUBJECTS, SUBJECT_NAMES, type FieldType, type Subject, type SubjectName } from './subjects.ts';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The sections of warning-models.md. */
export const MODEL_GROUPS = ['custody', 'registration', 'flow', 'prosecution-trial', 'property-execution', 'governance'] as const;
export type ModelGroup = (typeof MODEL_GROUPS)[number];

/** The case events a model can be re-evaluated after (the kinds the services write to case_event). */
export const CASE_EVENT_KINDS = [
  'registered', 'on-paper', 'person-added', 'document-added', 'evidence-added', 'evidence-override', 'transition',
  'transfer-sent', 'transfer-accepted', 'transfer-returned', 'verification-failed', 'measure', 'loan-requested',
  'loan-lent', 'loan-refused', 'loan-returned', 'property-registered', 'property-handed-over', 'property-received',
  'property-disposed', 'record-added',
] as const;

export const PARAMETER_TYPES = ['integer', 'number', 'text', 'boolean', 'text-list'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];
export type ParameterValue = number | string | boolean | string[];

export interface ModelParameter {
  name: string;
  type: ParameterType;
  default: ParameterValue;
  min?: number;
  max?: number;
  description: Bilingual;
}

/** The columns every model's query returns, one row per hit. */
export const HIT_COLUMNS = ['subject_id', 'case_id', 'unit_id', 'facts'] as const;

export interface WarningModel {
  id: string;
  name: Bilingual;
  description: Bilingual;
  group: ModelGroup;
  severity: Severity;
  basis: LegalBasis[];
  /** The policy it enforces where no article does (single-track rules, class-case review …). */
  policy: Bilingual | null;
  /** Who must answer for a hit, in words. */
  answering: Bilingual;
  /** The declarative form's answering unit of its subject (subjects.ts); null for SQL. */
  answeringKey: string | null;
  /** case: each hit belongs to a case, so the model is re-run for a case after its events; province: full runs only. */
  scope: 'case' | 'province';
  /** The case events after which the model is re-run for that case (scope case). */
  triggers: string[];
  parameters: ModelParameter[];
  form: 'condition' | 'sql';
  /** The definition as written: the condition, or the SQL text. */
  definition: unknown;
  /** The compiled SELECT with positional parameters; params[i] is $i+1: "now" or a parameter's name. */
  query: { sql: string; params: string[] };
  source: string;
}

/** A definition refused at load: its file, the field at fault and why. */
export class ModelDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
    this.name = 'ModelDefinitionError';
  }
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const PARAM_NAME = /^[a-z][a-z0-9_]*$/;
const TOP_FIELDS = ['id', 'name', 'description', 'group', 'severity', 'basis', 'policy', 'answering', 'scope', 'triggers', 'parameters', 'subject', 'condition', 'sql'];

/** Parses and compiles one model file; throws ModelDefinitionError naming the field. */
export function parseWarningModel(raw: unknown, source: string, expectedId?: string): WarningModel {
  const fail: Fail = (path, what) => {
    throw new ModelDefinitionError(source, path, what);
  };
  const r = record(raw, 'model', TOP_FIELDS, fail);
  const id = text(r.id, 'id', fail);
  if (!ID.test(id)) fail('id', `"${id}" is not a model id (lower-case words joined by dots, e.g. custody.overdue)`);
  if (expectedId !== undefined && id !== expectedId) fail('id', `"${id}" must match the file's name (${expectedId})`);
  const parameters = parseParameters(r.parameters, fail);
  const basis = r.basis === undefined ? [] : basisList(r.basis, 'basis', fail);
  const policy = r.policy === undefined ? null : bilingual(r.policy, 'policy', fail);
  if (basis.length === 0 && policy === null) fail('basis', 'a model needs its legal basis (basis) or the policy it enforces (policy)');
  const scope = r.scope === undefined ? 'case' : oneOf(r.scope, ['case', 'province'] as const, 'scope', fail);
  const triggers = parseTriggers(r.triggers, scope, fail);

  let form: WarningModel['form'];
  let query: WarningModel['query'];
  let definition: unknown;
  let answering: Bilingual;
  let answeringKey: string | null = null;
  if (r.sql !== undefined) {
    if (r.condition !== undefined || r.subject !== undefined) fail('sql', 'give either sql, or subject and condition, not both');
    form = 'sql';
    definition = text(r.sql, 'sql', fail);
    query = compileSql(definition as string, parameters, fail);
    answering = bilingual(r.answering, 'answering', fail);
  } else {
    if (r.condition === undefined) fail('condition', 'is required (or give sql)');
    const subjectName = oneOf(r.subject, SUBJECT_NAMES, 'subject', fail);
    const subject: Subject = SUBJECTS[subjectName as SubjectName];
    answeringKey = r.answering === undefined ? Object.keys(subject.answering)[0]! : oneOf(r.answering, Object.keys(subject.answering), 'answering', fail);
    form = 'condition';
    definition = { subject: subjectName, condition: r.condition };
    query = compileCondition(subject, answeringKey, r.condition, parameters, fail);
    const unit = subject.answering[answeringKey]!;
    answering = { zh: unit.zh, en: unit.en };
  }
  const used = new Set(query.params);
  for (const p of parameters) if (!used.has(p.name)) fail(`parameters.${p.name}`, 'is declared but not used');
  return {
    id,
    name: bilingual(r.name, 'name', fail),
    description: bilingual(r.description, 'description', fail),
    group: oneOf(r.group, MODEL_GROUPS, 'group', fail),
    severity: oneOf(r.severity, SEVERITIES, 'severity', fail),
    basis,
    policy,
    answering,
    answeringKey,
    scope,
    triggers,
    parameters,
    form,
    definition,
    query,
    source,
  };
}

function parseTriggers(value: unknown, scope: 'case' | 'province', fail: Fail): string[] {
  if (value === undefined) return [];
  if (scope === 'province') fail('triggers', 'a province-wide model runs in full runs only; it has no triggers');
  if (!Array.isArray(value)) fail('triggers', 'must be a list of case event kinds');
  return (value as unknown[]).map((v, i) => oneOf(v, CASE_EVENT_KINDS, `triggers[${i}]`, fail));
}

function parseParameters(value: unknown, fail: Fail): ModelParameter[] {
  if (value === undefined) return [];
  if (!isRecord(value)) fail('parameters', 'must be a mapping of name to { type, default, … }');
  return Object.entries(value as Record<string, unknown>).map(([name, raw]) => {
    const path = `parameters.${name}`;
    if (!PARAM_NAME.test(name) || name === 'now') fail(path, 'a parameter name is lower-case letters, digits and _ (and not "now")');
    const r = record(raw, path, ['type', 'default', 'min', 'max', 'description'], fail);
    const type = oneOf(r.type, PARAMETER_TYPES, `${path}.type`, fail);
    for (const bound of ['min', 'max'] as const) {
      if (r[bound] !== undefined && (typeof r[bound] !== 'number' || (type !== 'integer' && type !== 'number'))) fail(`${path}.${bound}`, 'is a number, for integer and number parameters only');
    }
    const p: ModelParameter = { name, type, default: 0, description: bilingual(r.description, `${path}.description`, fail) };
    if (r.min !== undefined) p.min = r.min as number;
    if (r.max !== undefined) p.max = r.max as number;
    const problem = parameterProblem(p, r.default);
    if (problem) fail(`${path}.default`, problem);
    p.default = r.default as ParameterValue;
    return p;
  });
}

/** Why a value does not fit a parameter (null: it fits). */
export function parameterProblem(p: Pick<ModelParameter, 'type' | 'min' | 'max'>, v: unknown): string | null {
  switch (p.type) {
    case 'integer':
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || (p.type === 'integer' && !Number.isInteger(v))) return `must be ${p.type === 'integer' ? 'a whole number' : 'a number'} (got ${JSON.stringify(v)})`;
      if (p.min !== undefined && v < p.min) return `must be at least ${p.min} (got ${v})`;
      if (p.max !== undefined && v > p.max) return `must be at most ${p.max} (got ${v})`;
      return null;
    case 'text':
      return typeof v === 'string' && v !== '' ? null : `must be a non-empty string (got ${JSON.stringify(v)})`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `must be true or false (got ${JSON.stringify(v)})`;
    case 'text-list':
      return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s !== '') ? null : `must be a non-empty list of strings (got ${JSON.stringify(v)})`;
  }
}

const PG_TYPE: Record<ParameterType | 'now', string> = {
  integer: 'integer',
  number: 'numeric',
  text: 'text',
  boolean: 'boolean',
  'text-list': 'text[]',
  now: 'timestamptz',
};

/** Positional parameters for named ones, each cast to its type: the order is the order of first use. */
class ParamList {
  readonly names: string[] = [];
  constructor(private readonly declared: ModelParameter[]) {}
  ref(name: string): string {
    let i = this.names.indexOf(name);
    if (i < 0) i = this.names.push(name) - 1;
    const type = name === 'now' ? 'now' : this.declared.find((p) => p.name === name)!.type;
    return `($${i + 1}::${PG_TYPE[type]})`;
  }
  typeOf(name: string): ParameterType | 'now' | undefined {
    return name === 'now' ? 'now' : this.declared.find((p) => p.name === name)?.type;
  }
}

function compileSql(sql: string, parameters: ModelParameter[], fail: Fail): WarningModel['query'] {
  const list = new ParamList(parameters);
  for (const p of namedParameters(sql)) {
    if (!list.typeOf(p.name)) fail('sql', `:${p.name} is not a declared parameter (declared: ${['now', ...parameters.map((q) => q.name)].join(', ')})`);
  }
  const positional = replaceNamedParameters(sql, (name) => list.ref(name));
  const problems = checkModelSql(positional, HIT_COLUMNS);
  if (problems.length) fail('sql', problems.map((p) => p.message).join('; '));
  return { sql: positional.trim(), params: list.names };
}

// ---------------------------------------------------------------------------------------------------------
// The declarative form: { all: [...] } | { any: [...] } | { not: … } | { field: x, <op>: value }

const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'isNull'] as const;
type Op = (typeof OPS)[number];
const SQL_OP: Record<Exclude<Op, 'in' | 'notIn' | 'isNull'>, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const TIME = /^now(?:\s*([+-])\s*(:[a-z][a-z0-9_]*|\d+)\s*(hours|days))?$/;

function compileCondition(subject: Subject, answeringKey: string, condition: unknown, parameters: ModelParameter[], fail: Fail): WarningModel['query'] {
  const list = new ParamList(parameters);
  const where = compileNode(subject, condition, 'condition', list, fail);
  const sql = `SELECT ${subject.subjectId} AS subject_id, ${subject.caseId} AS case_id, ${subject.answering[answeringKey]!.sql} AS unit_id, jsonb_build_object(${subject.facts}) AS facts FROM ${subject.from} WHERE ${where}`;
  const problems = checkModelSql(sql, HIT_COLUMNS);
  if (problems.length) fail('condition', problems.map((p) => p.message).join('; '));
  return { sql, params: list.names };
}

function compileNode(subject: Subject, node: unknown, path: string, list: ParamList, fail: Fail): string {
  if (!isRecord(node)) fail(path, 'must be a mapping: { all: [...] }, { any: [...] }, { not: … } or { field: …, <op>: … }');
  const n = node as Record<string, unknown>;
  for (const group of ['all', 'any'] as const) {
    if (n[group] !== undefined) {
      record(n, path, [group], fail);
      const items = n[group];
      if (!Array.isArray(items) || items.length === 0) fail(`${path}.${group}`, 'must be a non-empty list of conditions');
      const parts = (items as unknown[]).map((c, i) => compileNode(subject, c, `${path}.${group}[${i}]`, list, fail));
      return `(${parts.join(group === 'all' ? ' AND ' : ' OR ')})`;
    }
  }
  if (n.not !== undefined) {
    record(n, path, ['not'], fail);
    return `NOT ${compileNode(subject, n.not, `${path}.not`, list, fail)}`;
  }
  const r = record(n, path, ['field', ...OPS], fail);
  const fieldName = text(r.field, `${path}.field`, fail);
  const field = subject.fields[fieldName];
  if (!field) fail(`${path}.field`, `unknown field "${fieldName}" (known: ${Object.keys(subject.fields).join(', ')})`);
  const ops = OPS.filter((o) => r[o] !== undefined);
  if (ops.length !== 1) fail(path, `needs exactly one comparison (one of ${OPS.join(', ')})`);
  const op = ops[0]!;
  const value = r[op];
  const at = `${path}.${op}`;
  const col = field!.sql;
  if (op === 'isNull') {
    if (typeof value !== 'boolean') fail(at, 'must be true or false');
    return `(${col} IS ${value ? '' : 'NOT '}NULL)`;
  }
  if (op === 'in' || op === 'notIn') {
    if (field!.type !== 'text') fail(at, `${op} compares text fields only ("${fieldName}" is ${field!.type})`);
    let list_: string;
    if (typeof value === 'string' && value.startsWith(':')) {
      if (list.typeOf(value.slice(1)) !== 'text-list') fail(at, `${value} must be a declared text-list parameter`);
      list_ = list.ref(value.slice(1));
    } else {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) fail(at, 'must be a non-empty list of strings, or a text-list parameter (:name)');
      list_ = `ARRAY[${(value as string[]).map(quote).join(', ')}]::text[]`;
    }
    return op === 'in' ? `(${col} = ANY(${list_}))` : `(${col} IS NULL OR NOT (${col} = ANY(${list_})))`;
  }
  return `(${col} ${SQL_OP[op]} ${operand(field!.type, value, at, list, fail)})`;
}

function operand(type: FieldType, value: unknown, at: string, list: ParamList, fail: Fail): string {
  if (type === 'timestamp' || type === 'date') {
    const m = typeof value === 'string' ? TIME.exec(value.trim()) : null;
    if (!m) fail(at, `a ${type === 'date' ? 'date' : 'moment'} is compared with "now", or "now + :param days", "now - 3 hours" …`);
    let sql = list.ref('now');
    if (m![1]) {
      const amount = m![2]!;
      if (amount.startsWith(':')) {
        const t = list.typeOf(amount.slice(1));
        if (t !== 'integer') fail(at, `${amount} must be a declared integer parameter`);
      }
      const n = amount.startsWith(':') ? list.ref(amount.slice(1)) : amount;
      sql = `(${sql} ${m![1]} make_interval(${m![3]} => ${n}))`;
    }
    // a date is compared with the CST calendar day of the moment
    return type === 'date' ? `((${sql}) AT TIME ZONE 'Asia/Shanghai')::date` : sql;
  }
  if (typeof value === 'string' && value.startsWith(':')) {
    const t = list.typeOf(value.slice(1));
    const fits = t === type || (type === 'number' && t === 'integer');
    if (!fits) fail(at, `${value} must be a declared ${type} parameter`);
    return list.ref(value.slice(1));
  }
  switch (type) {
    case 'text':
      if (typeof value !== 'string' || value === '') fail(at, 'must be a non-empty string or a parameter (:name)');
      return quote(value as string);
    case 'boolean':
      if (typeof value !== 'boolean') fail(at, 'must be true or false');
      return value ? 'true' : 'false';
    default:
      if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) fail(at, `must be ${type === 'integer' ? 'a whole number' : 'a number'} or a parameter (:name)`);
      return String(value);
  }
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The values of a model's positional parameters: now, and each parameter's setting or default. */
export function parameterValues(model: WarningModel, settings: Record<string, ParameterValue>, now: Date): unknown[] {
  return model.query.params.map((name) => {
    if (name === 'now') return now.toISOString();
    const v = settings[name] ?? model.parameters.find((p) => p.name === name)!.default;
    return v;
  });
}
