/**
 * JSON Schema (as the OpenAPI document states it) to fast-check: `validArbitrary` generates values the
 * schema accepts, `invalidMutations` turns a valid value into ones it refuses (a missing required field, an
 * unknown field, a wrong type, a string or number just outside its bounds, a value outside an enum). No
 * package of the registry does this for the keywords our schemas use (unicode property patterns, our own
 * formats), so it is written here, for exactly the keywords the document holds.
 */
import fc from 'fast-check';
import { residentIdCheckChar } from '../../src/shared/gb11643.ts';
import { HOSTILE_TEXT } from './payloads.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema node as the OpenAPI document gives it
export type Schema = Record<string, any>;

const codePoints = (s: string) => [...s].length;

function patternOf(s: Schema): RegExp | null {
  return typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : null;
}

function fitsString(s: Schema, value: string): boolean {
  const n = codePoints(value);
  if (s.minLength !== undefined && n < s.minLength) return false;
  if (s.maxLength !== undefined && n > s.maxLength) return false;
  const re = patternOf(s);
  return re ? re.test(value) : true;
}

const VALID_PHONES = ['13812345678', '15900001111', '18611112222', '010-12345678', '0571-87654321'];
const residentIds = fc
  .tuple(fc.constantFrom('990102', '990103', '110101'), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
  .map(([area, birth, seq]) => {
    const first17 = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return first17 + residentIdCheckChar(first17);
  });

/** Text for free-text fields: any unicode, Chinese, and the hostile corpus (each filtered by the field's rules). */
const freeText = (maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(maxLength, 60) }) },
    { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)), minLength: 1, maxLength: Math.min(maxLength, 40) }) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT.map(([, text]) => text)) },
    { weight: 1, arbitrary: fc.constant('界'.repeat(Math.max(1, maxLength))) },
    { weight: 1, arbitrary: fc.constant('a'.repeat(Math.max(1, maxLength))) },
  );

const realDates = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  const max = s.maxLength ?? 200;
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'cn-phone') return fc.constantFrom(...VALID_PHONES);
  if (s.format === 'resident-id') return residentIds;
  const re = patternOf(s);
  // dates and moments by pattern: mostly real ones (a random string of digits is rarely a date), some not
  if (s.pattern === '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') {
    return fc.oneof({ weight: 5, arbitrary: realDates.map((d) => d.toISOString().slice(0, 10)) }, { weight: 1, arbitrary: fc.stringMatching(re!) });
  }
  if (s.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) {
    return fc.oneof({ weight: 5, arbitrary: realDates.map((d) => `${d.toISOString().slice(0, 19)}+08:00`) }, { weight: 1, arbitrary: fc.stringMatching(re!) });
  }
  let base: fc.Arbitrary<string> = freeText(max);
  if (re && !/\\p\{/.test(s.pattern)) {
    try {
      base = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(re) }, { weight: 1, arbitrary: base });
    } catch {
      // a pattern fast-check cannot generate from: free text filtered by it
    }
  }
  const fitting = base.map((v) => (codePoints(v) > max ? [...v].slice(0, max).join('') : v)).filter((v) => fitsString(s, v));
  // a pattern free text rarely meets (a code, a date) still gets a value: the hostile corpus never blocks the run
  return fitting;
}

function numberArbitrary(s: Schema): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e9);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e9);
  if (s.type === 'integer') {
    const lo = Math.max(min, Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
  }
  return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
}

/** Values the schema accepts. */
export function validArbitrary(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  const inner = validArbitraryInner(s, depth);
  return s.nullable ? fc.option(inner, { nil: null, freq: 6 }) : inner;
}

function validArbitraryInner(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((x: Schema) => validArbitrary(x, depth + 1)));
  if (Array.isArray(s.oneOf)) return fc.oneof(...s.oneOf.map((x: Schema) => validArbitrary(x, depth + 1)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  switch (s.type) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
    case 'number':
      return numberArbitrary(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = validArbitrary(s.items ?? {}, depth + 1);
      const constraints = { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) };
      return s.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(items, constraints);
    }
    case 'object':
    case undefined: {
      if (!s.properties) return s.type === 'object' ? fc.constant({}) : fc.string();
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(s.properties as Record<string, Schema>)) model[key] = validArbitrary(prop, depth + 1);
      const required = (s.required ?? []) as string[];
      const record = fc.record(model, { requiredKeys: required });
      return s.minProperties ? record.filter((v) => Object.keys(v).length >= s.minProperties) : record;
    }
    default:
      return fc.constant(null);
  }
}

/** One way a value is made invalid, named for the report. */
export interface Mutation {
  what: string;
  value: unknown;
}

const NOT_A_TYPE: Record<string, unknown[]> = {
  string: [42, true, ['x'], { x: 1 }],
  integer: ['x', 1.5, true, [1], { n: 1 }],
  number: ['x', true, [1], { n: 1 }],
  boolean: ['yes', 2, [true], { b: true }],
  array: ['x', 1, { 0: 'x' }],
  object: ['x', 1, [], true],
};

/** Values a single schema node refuses. */
export function invalidValues(s: Schema): Mutation[] {
  const out: Mutation[] = [];
  if (!s.nullable && !s.anyOf && !s.oneOf) out.push({ what: 'null', value: null });
  if (Array.isArray(s.enum)) out.push({ what: 'outside the enum', value: 'not-in-the-enum-\u202e' });
  if (Array.isArray(s.anyOf) && s.anyOf.every((x: Schema) => Array.isArray(x.enum))) out.push({ what: 'outside the enum', value: 'not-in-the-enum-\u200b' });
  for (const v of NOT_A_TYPE[s.type as string] ?? []) out.push({ what: `wrong type (${Array.isArray(v) ? 'array' : typeof v})`, value: v });
  if (s.type === 'string') {
    if (s.maxLength !== undefined) {
      out.push({ what: `${s.maxLength + 1} characters`, value: 'a'.repeat(s.maxLength + 1) });
      out.push({ what: `${s.maxLength + 1} CJK characters`, value: '界'.repeat(s.maxLength + 1) });
    }
    if (s.minLength) out.push({ what: 'empty string', value: '' });
    if (s.format === 'uuid') out.push({ what: 'not a UUID', value: "1' OR '1'='1" });
    if (s.pattern?.includes('\\p{Cc}')) out.push({ what: 'NUL byte', value: 'a\u0000b' });
    if (s.pattern?.includes('\\p{Cs}')) out.push({ what: 'unpaired surrogate', value: 'a\ud800b' });
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (s.maximum !== undefined) out.push({ what: 'above the maximum', value: s.maximum + 1 });
    if (s.minimum !== undefined) out.push({ what: 'below the minimum', value: s.minimum - 1 });
    out.push({ what: 'huge', value: 1e308 });
    out.push({ what: 'huge negative', value: -1e308 });
    if (s.type === 'integer') {
      out.push({ what: 'not an integer', value: 2.5 });
      out.push({ what: '2^53 + 2', value: 2 ** 53 + 2 });
    }
  }
  if (s.type === 'array') {
    if (s.maxItems !== undefined && s.items) out.push({ what: `${s.maxItems + 1} items`, value: Array.from({ length: s.maxItems + 1 }, () => 'x') });
    if (s.minItems) out.push({ what: 'no items', value: [] });
  }
  return out;
}

/** Mutations of an object value against its schema: per property, and at the object level. */
export function objectMutations(s: Schema, value: Record<string, unknown>): Mutation[] {
  const out: Mutation[] = [];
  const props = (s.properties ?? {}) as Record<string, Schema>;
  for (const key of (s.required ?? []) as string[]) {
    const copy = { ...value };
    delete copy[key];
    out.push({ what: `without required ${key}`, value: copy });
  }
  if (s.additionalProperties === false) {
    out.push({ what: 'an unknown field', value: { ...value, fuzzUnknownField: 'x' } });
    out.push({ what: 'an unknown field named __proto__', value: JSON.parse(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(value).slice(1)}`.replace(/, }$/, '}')) });
  }
  for (const [key, prop] of Object.entries(props)) {
    for (const m of invalidValues(prop)) out.push({ what: `${key}: ${m.what}`, value: { ...value, [key]: m.value } });
    // one level down: objects inside arrays (parties, items)
    if (prop.type === 'array' && prop.items?.type === 'object' && Array.isArray(value[key]) && (value[key] as unknown[]).length > 0) {
      const first = (value[key] as Record<string, unknown>[])[0]!;
      for (const m of objectMutations(prop.items, first)) {
        out.push({ what: `${key}[0].${m.what}`, value: { ...value, [key]: [m.value, ...(value[key] as unknown[]).slice(1)] } });
      }
    }
    if (prop.type === 'object' && prop.properties && value[key] && typeof value[key] === 'object') {
      for (const m of objectMutations(prop, value[key] as Record<string, unknown>)) out.push({ what: `${key}.${m.what}`, value: { ...value, [key]: m.value } });
    }
  }
  return out;
}
