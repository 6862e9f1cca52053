import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WARNING_MODELS_DIR, loadWarningModels } from '../../rules/load-warning-models.ts';
import { runStatement } from './evaluate.ts';
import { ModelDefinitionError, parameterValues, parseWarningModel } from './model.ts';
import { checkModelSql, namedParameters, replaceNamedParameters } from './sql-guard.ts';

const GOOD = {
  id: 'test.model',
  name: { zh: '测试', en: 'Test' },
  description: { zh: '测试模型', en: 'A test model' },
  group: 'flow',
  severity: 'low',
  policy: { zh: '测试', en: 'Test' },
  parameters: { days: { type: 'integer', default: 3, min: 1, max: 30, description: { zh: '天数', en: 'Days' } } },
  subject: 'transfer',
  answering: 'receiver',
  triggers: ['transfer-sent'],
  condition: { all: [{ field: 'state', eq: 'sent' }, { field: 'sent_at', lt: 'now - :days days' }] },
};

const SQL_MODEL = {
  ...GOOD,
  subject: undefined,
  condition: undefined,
  answering: { zh: '接收单位', en: 'The receiving unit' },
  sql: "SELECT t.id::text AS subject_id, t.case_id, t.receiver_unit_id AS unit_id, jsonb_build_object('s', t.state) AS facts FROM transfer t WHERE t.sent_at < :now - make_interval(days => :days)",
};

const without = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k, v]) => !keys.includes(k) && v !== undefined));

/** The field a definition is refused at, and the problem. */
function refusal(raw: unknown): { field: string; problem: string } {
  try {
    parseWarningModel(raw, 'rules/warning-models/test.model.yaml');
  } catch (error) {
    if (error instanceof ModelDefinitionError) {
      expect(error.message).toContain('rules/warning-models/test.model.yaml');
      return { field: error.field, problem: error.problem };
    }
    throw error;
  }
  throw new Error('the definition was accepted');
}

describe('parseWarningModel', () => {
  it('compiles a condition to one SELECT with positional parameters cast to their types', () => {
    const m = parseWarningModel(GOOD, 'x.yaml');
    expect(m.query.params).toEqual(['now', 'days']);
    expect(m.query.sql).toContain("(t.state = 'sent')");
    expect(m.query.sql).toContain('(t.sent_at < (($1::timestamptz) - make_interval(days => ($2::integer))))');
    expect(m.query.sql).toContain('t.receiver_unit_id AS unit_id');
    expect(parameterValues(m, {}, new Date('2026-01-01T00:00:00Z'))).toEqual(['2026-01-01T00:00:00.000Z', 3]);
    expect(parameterValues(m, { days: 7 }, new Date('2026-01-01T00:00:00Z'))).toEqual(['2026-01-01T00:00:00.000Z', 7]);
  });

  it('takes SQL with named parameters, leaving casts and strings alone', () => {
    const m = parseWarningModel(without(SQL_MODEL), 'x.yaml');
    expect(m.form).toBe('sql');
    expect(m.query.params).toEqual(['now', 'days']);
    expect(m.query.sql).toContain("t.id::text AS subject_id");
    expect(m.query.sql).toContain('t.sent_at < ($1::timestamptz) - make_interval(days => ($2::integer))');
    expect(replaceNamedParameters("SELECT ':a', x::int, :b", (n) => `<${n}>`)).toBe("SELECT ':a', x::int, <b>");
    expect(namedParameters('SELECT 1').length).toBe(0);
  });

  it('in / notIn with a list or a text-list parameter; isNull; not; any', () => {
    const m = parseWarningModel(
      {
        ...GOOD,
        parameters: { ...GOOD.parameters, kinds: { type: 'text-list', default: ['a'], description: { zh: '种类', en: 'Kinds' } } },
        condition: {
          any: [
            { field: 'scenario', in: ':kinds' },
            { not: { field: 'transition', notIn: ['x', "o'brien"] } },
            { all: [{ field: 'evidence_override', isNull: false }, { field: 'sent_at', gte: 'now - :days days' }] },
          ],
        },
      },
      'x.yaml',
    );
    expect(m.query.sql).toContain('(t.scenario = ANY(($1::text[])))');
    expect(m.query.sql).toContain("ARRAY['x', 'o''brien']::text[]");
    expect(m.query.sql).toContain('(t.evidence_override IS NOT NULL)');
  });

  it('refuses a definition naming the field at fault', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...GOOD, colour: 'red' }, 'model.colour', /unknown field/],
      [{ ...GOOD, id: 'Test Model' }, 'id', /not a model id/],
      [{ ...GOOD, severity: 'urgent' }, 'severity', /unknown value "urgent"/],
      [without(GOOD, 'policy'), 'basis', /legal basis/],
      [{ ...GOOD, triggers: ['transfer-lost'] }, 'triggers[0]', /unknown value/],
      [{ ...GOOD, subject: 'person-profile' }, 'subject', /unknown value/],
      [{ ...GOOD, answering: 'everyone' }, 'answering', /unknown value/],
      [{ ...GOOD, parameters: { days: { ...GOOD.parameters.days, default: 'three' } } }, 'parameters.days.default', /whole number/],
      [{ ...GOOD, parameters: { days: { ...GOOD.parameters.days, default: 40 } } }, 'parameters.days.default', /at most 30/],
      [{ ...GOOD, parameters: { days: { ...GOOD.parameters.days, type: 'duration' } } }, 'parameters.days.type', /unknown value/],
      [{ ...GOOD, parameters: { ...GOOD.parameters, spare: { type: 'integer', default: 1, description: { zh: '多余', en: 'Spare' } } } }, 'parameters.spare', /declared but not used/],
      [{ ...GOOD, condition: { all: [{ field: 'colour', eq: 'red' }] } }, 'condition.all[0].field', /unknown field "colour"/],
      [{ ...GOOD, condition: { all: [{ field: 'state', eq: 'sent', ne: 'x' }] } }, 'condition.all[0]', /exactly one comparison/],
      [{ ...GOOD, condition: { all: [{ field: 'sent_at', lt: 'yesterday' }] } }, 'condition.all[0].lt', /compared with "now"/],
      [{ ...GOOD, condition: { all: [{ field: 'sent_at', lt: 'now - :weeks days' }] } }, 'condition.all[0].lt', /:weeks must be a declared integer/],
      [{ ...GOOD, condition: { all: [{ field: 'on_paper', eq: 'yes' }] } }, 'condition.all[0].eq', /true or false/],
      [{ ...GOOD, condition: { all: [] } }, 'condition.all', /non-empty list/],
      [{ ...GOOD, condition: { all: [{ field: 'sent_at', in: ['a'] }] } }, 'condition.all[0].in', /text fields only/],
      [{ ...without(SQL_MODEL), sql: 'SELEC t.id FROM transfer t' }, 'sql', /syntax error/],
      [{ ...without(SQL_MODEL), sql: "DELETE FROM transfer WHERE sent_at < :now - make_interval(days => :days)" }, 'sql', /must be a SELECT/],
      [{ ...without(SQL_MODEL), sql: `${SQL_MODEL.sql}; DROP TABLE transfer` }, 'sql', /exactly one statement/],
      [{ ...without(SQL_MODEL), sql: `WITH gone AS (DELETE FROM transfer RETURNING id) ${SQL_MODEL.sql}` }, 'sql', /may only read: DELETE/],
      [{ ...without(SQL_MODEL), sql: `${SQL_MODEL.sql} FOR UPDATE` }, 'sql', /may not lock/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace('FROM transfer t', 'INTO copy FROM transfer t') }, 'sql', /may not create a table/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace(':now', 'now()') }, 'sql', /function now\(\) is not allowed/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace(':now', 'CURRENT_TIMESTAMP') }, 'sql', /use :now/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace("jsonb_build_object('s', t.state)", "jsonb_build_object('s', pg_catalog.pg_sleep(1))") }, 'sql', /pg_sleep\(\) is not allowed/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace("jsonb_build_object('s', t.state)", "jsonb_build_object('s', setval('x', 1))") }, 'sql', /setval\(\) is not allowed/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace('FROM transfer t', 'FROM transfer t JOIN app_user a ON true') }, 'sql', /table app_user may not be read/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace('FROM transfer t', 'FROM transfer t JOIN pg_catalog.pg_authid a ON true') }, 'sql', /table pg_catalog.pg_authid may not be read/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace(' AS unit_id', ' AS answering_unit') }, 'sql', /missing: unit_id/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace("jsonb_build_object('s', t.state)", "jsonb_build_object('s', t.state, 'who', (SELECT min(p.id_number) FROM case_person p))") }, 'sql', /may not read id_number/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace("jsonb_build_object('s', t.state)", "jsonb_build_object('s', (SELECT min(x.petitioner_name) FROM petition x))") }, 'sql', /may not read petitioner_name/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace("jsonb_build_object('s', t.state)", "(SELECT jsonb_agg(to_jsonb(p.*)) FROM case_person p)") }, 'sql', /no \*/],
      [{ ...without(SQL_MODEL), sql: SQL_MODEL.sql.replace(':days', ':weeks') }, 'sql', /:weeks is not a declared parameter/],
      [{ ...without(SQL_MODEL), subject: 'transfer' }, 'sql', /not both/],
    ];
    for (const [raw, field, problem] of cases) {
      const r = refusal(raw);
      expect(r.field, JSON.stringify(raw).slice(0, 200)).toBe(field);
      expect(r.problem).toMatch(problem);
    }
  });

  it('the guard allows a union, subqueries, CTEs, window and ordered-set aggregates', () => {
    const ok = `WITH x AS (SELECT c.id, c.holder_unit_id FROM criminal_case c)
      SELECT x.id::text AS subject_id, x.id AS case_id, x.holder_unit_id AS unit_id, to_jsonb(percentile_cont(0.5) WITHIN GROUP (ORDER BY 1)) AS facts FROM x
      WHERE EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = x.id) GROUP BY x.id, x.holder_unit_id
      UNION ALL SELECT t.id::text, t.case_id, t.sender_unit_id, '{}'::jsonb FROM transfer t`;
    expect(checkModelSql(ok, ['subject_id', 'case_id', 'unit_id', 'facts'])).toEqual([]);
  });
});

describe('runStatement', () => {
  it('records hits once, closes those that ended; for one case when asked', () => {
    const m = parseWarningModel(GOOD, 'x.yaml');
    const full = runStatement(m, { runId: 7, now: new Date('2026-01-01T00:00:00Z'), settings: {} });
    expect(full.params).toEqual(['2026-01-01T00:00:00.000Z', 3, 'test.model', '2026-01-01T00:00:00.000Z', 7, 'low']);
    expect(full.sql).toContain('ON CONFLICT (model_id, subject_id) WHERE closed_at IS NULL DO NOTHING');
    expect(full.sql).not.toContain('m.case_id = ');
    const one = runStatement(m, { runId: 7, now: new Date('2026-01-01T00:00:00Z'), settings: {} }, '00000000-0000-4000-8000-000000000000');
    expect(one.params.at(-1)).toBe('00000000-0000-4000-8000-000000000000');
    expect(one.sql).toContain('AND m.case_id = $7::uuid');
    expect(one.sql).toContain('AND h.case_id = $7::uuid');
  });
});

describe('loadWarningModels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the bad files with their file and field; the good ones load', () => {
    writeFileSync(join(dir, 'test.model.yaml'), JSON.stringify(GOOD));
    writeFileSync(join(dir, 'test.syntax.yaml'), 'id: test.syntax\nname: { zh: 坏 \n');
    writeFileSync(join(dir, 'test.writes.yaml'), JSON.stringify({ ...without(SQL_MODEL), id: 'test.writes', sql: 'UPDATE transfer SET state = :now' }));
    writeFileSync(join(dir, 'test.renamed.yaml'), JSON.stringify({ ...GOOD, id: 'test.other' }));
    const { models, refused } = loadWarningModels(dir);
    expect([...models.keys()]).toEqual(['test.model']);
    expect(refused.map((r) => [r.source.replace(`${dir}/`, ''), r.field])).toEqual([
      ['test.renamed.yaml', 'id'],
      ['test.syntax.yaml', '(file)'],
      ['test.writes.yaml', 'sql'],
    ]);
  });

  it('every shipped definition loads', () => {
    const { models, refused } = loadWarningModels();
    expect(refused).toEqual([]);
    for (const m of models.values()) {
      const raw = parse(readFileSync(join(WARNING_MODELS_DIR, `${m.id}.yaml`), 'utf8')) as { id: string };
      expect(raw.id).toBe(m.id);
    }
  });
});
