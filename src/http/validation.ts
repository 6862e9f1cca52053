/**
 * Request validation: bodies are checked strictly (no type coercion, unknown fields refused); query strings
 * and path parameters, which arrive as text, are coerced. Every failure becomes VALIDATION_FAILED with one
 * bilingual message per field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { AppError, type Bilingual, type FieldProblem } from '../shared/errors.ts';
import { validateResidentId } from '../shared/gb11643.ts';
import { validateOrgCode } from '../shared/gb32100.ts';
import { validatePhone } from '../shared/masking.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const FORMAT_MESSAGES: Record<string, Bilingual> = {
  'resident-id': { zh: '公民身份号码无效（GB 11643 校验未通过）', en: 'invalid resident ID number (GB 11643 check failed)' },
  'org-code': { zh: '统一社会信用代码无效（GB 32100 校验未通过）', en: 'invalid unified social credit code (GB 32100 check failed)' },
  'cn-phone': { zh: '电话号码格式无效', en: 'invalid phone number' },
  uuid: { zh: '标识符格式无效', en: 'invalid identifier' },
};

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  ajv.addFormat('resident-id', { type: 'string', validate: (s: string) => validateResidentId(s).ok });
  ajv.addFormat('org-code', { type: 'string', validate: (s: string) => validateOrgCode(s).ok });
  ajv.addFormat('cn-phone', { type: 'string', validate: (s: string) => validatePhone(s) });
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
  return ajv.compile(schema);
}

function messageFor(e: ErrorObject | FastifySchemaValidationError): Bilingual {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { zh: `缺少必填字段 ${String(p.missingProperty)}`, en: `missing required field ${String(p.missingProperty)}` };
    case 'additionalProperties':
      return { zh: `不允许的字段 ${String(p.additionalProperty)}`, en: `unknown field ${String(p.additionalProperty)}` };
    case 'type':
      return { zh: `类型应为 ${String(p.type)}`, en: `must be of type ${String(p.type)}` };
    case 'maxLength':
      return { zh: `长度不得超过 ${String(p.limit)} 个字符`, en: `must be at most ${String(p.limit)} characters` };
    case 'minLength':
      return { zh: `长度不得少于 ${String(p.limit)} 个字符`, en: `must be at least ${String(p.limit)} characters` };
    case 'pattern':
      return { zh: '含有不允许的字符', en: 'contains characters that are not allowed' };
    case 'format':
      return FORMAT_MESSAGES[String(p.format)] ?? { zh: `格式应为 ${String(p.format)}`, en: `must be a valid ${String(p.format)}` };
    case 'enum':
    case 'const':
    case 'anyOf':
      return { zh: '不是允许的取值', en: 'is not one of the allowed values' };
    case 'minimum':
    case 'maximum':
      return { zh: `数值超出范围（${String(p.comparison)} ${String(p.limit)}）`, en: `out of range (${String(p.comparison)} ${String(p.limit)})` };
    default:
      return { zh: '取值无效', en: 'invalid value' };
  }
}

/**
 * The most telling error wins when several name one field: a union (`anyOf`) of a format and null reports
 * the format's failure, not "must be null".
 */
const RANK: Record<string, number> = {
  format: 0, pattern: 1, maxLength: 2, minLength: 2, minimum: 2, maximum: 2, enum: 3, const: 4,
  required: 5, additionalProperties: 5, minProperties: 5, type: 6, anyOf: 7,
};
const rank = (keyword: string) => RANK[keyword] ?? 8;

/** Turns schema errors into VALIDATION_FAILED with `details: [{ field, message }]`, one entry per field. */
export function validationError(errors: ReadonlyArray<ErrorObject | FastifySchemaValidationError>, part: string): AppError {
  const best = new Map<string, { keyword: string; problem: FieldProblem }>();
  for (const e of errors) {
    const p = e.params as Record<string, unknown>;
    const path = (e as ErrorObject).instancePath ?? '';
    let field = path.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required') field = [field, String(p.missingProperty)].filter(Boolean).join('.');
    if (e.keyword === 'additionalProperties') field = [field, String(p.additionalProperty)].filter(Boolean).join('.');
    field = field || part;
    const seen = best.get(field);
    if (!seen || rank(e.keyword) < rank(seen.keyword)) {
      best.set(field, { keyword: e.keyword, problem: { field, message: messageFor(e) } });
    }
  }
  return new AppError('VALIDATION_FAILED', [...best.values()].map((b) => b.problem));
}
