import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadTimeLimitRules } from '../../rules/load-time-limits.ts';
import { indexRules, parseTimeLimitRules } from './rules.ts';
import type { TimeLimitRule } from './types.ts';

/** Every rule id of ../shared/spec/time-limits.md, copied here: the tests never read outside the repository. */
const SPEC_IDS = [
  'cpl.detention.to-detention-house',
  'cpl.detention.notify-family',
  'cpl.detention.interrogate',
  'cpl.arrest.notify-family',
  'cpl.arrest.interrogate',
  'cpl.summons.duration',
  'cpl.detention.request-arrest',
  'cpl.arrest.decide',
  'cpl.self-case.decide-arrest',
  'cpl.supervisory.decide-measure',
  'cpl.investigation.custody',
  'cpl.investigation.extension-request',
  'cpl.prosecution.review',
  'cpl.prosecution.review-plea',
  'cpl.supplementary-investigation',
  'cpl.trial.first-instance',
  'cpl.trial.summary',
  'cpl.trial.fast-track',
  'cpl.trial.private-noncustodial',
  'cpl.trial.second-instance',
  'cpl.appeal.judgment',
  'cpl.appeal.ruling',
  'cpl.appeal.forward',
  'cpl.hearing.serve-indictment',
  'cpl.hearing.notify',
  'cpl.bail.max',
  'cpl.residential-surveillance.max',
  'cpl.execution.send-documents',
  'cpl.community-correction.notify',
  'cpl.commutation.rule-fixed-term',
  'cpl.commutation.rule-life',
  'cpl.commutation.rule-suspended-death',
  'cpl.commutation.rule-community',
  'cpl.commutation.publicity',
  'cpl.commutation.deliver-ruling',
  'cpl.commutation.procuratorate-objection',
  'psapl.questioning',
  'psapl.case',
  'civ.trial.ordinary',
  'civ.trial.simplified',
  'civ.trial.small-claims',
  'civ.trial.second-instance-judgment',
  'civ.trial.second-instance-ruling',
  'civ.appeal.judgment',
  'civ.appeal.ruling',
  'civ.judicial-confirmation.apply',
  'civ.judicial-confirmation.decide',
  'adm.trial.first-instance',
  'adm.trial.simplified',
  'adm.trial.second-instance',
  'petition.route',
  'petition.accept-notice',
  'petition.object-remit',
  'petition.handle',
  'petition.review.apply',
  'petition.review.answer',
  'petition.rereview.apply',
  'petition.rereview.answer',
];

const SRC = 'rules/time-limits/criminal.yaml';

const ok = (): Record<string, unknown> => ({
  id: 'cpl.arrest.decide',
  family: 'criminal',
  name: { zh: '审查批准逮捕', en: 'Procuratorate decides on arrest' },
  startsOn: { event: 'receipt-of-request', zh: '接到提请批准逮捕书' },
  direction: 'forward',
  length: { days: 7 },
  holiday: 'next-working-day-unless-custody',
  extensions: [
    {
      id: 'special',
      name: { zh: '特殊情况', en: 'Special circumstances' },
      kind: 'add',
      length: { days: 4 },
      minimum: { days: 1 },
      approver: '县级以上公安机关负责人批准',
      basis: [{ law: '刑事诉讼法', article: '91' }],
    },
  ],
  basis: [{ law: '刑事诉讼法', article: '91' }],
});

/** A file whose fourth rule (rules[3]) is `rule`, the three before it valid. */
function fileWith(rule: unknown): unknown {
  const filler = (n: number) => ({ ...ok(), id: `cpl.filler.r${n}` });
  return { rules: [filler(0), filler(1), filler(2), rule] };
}
const bad = (rule: unknown) => () => parseTimeLimitRules(fileWith(rule), SRC);
const ext = (over: Record<string, unknown>) => ({ ...ok(), extensions: [{ ...(ok().extensions as object[])[0], ...over }] });

describe('parseTimeLimitRules', () => {
  it('checks what a "total" extension absorbs', () => {
    const withTotal = (absorbs: unknown, kind = 'total') => ({
      ...ok(),
      extensions: [...(ok().extensions as object[]), { id: 'gang', name: { zh: '结伙', en: 'gang' }, kind, length: { days: 30 }, absorbs, approver: '批准', basis: [{ law: '刑事诉讼法', article: '91' }] }],
    });
    expect(parseTimeLimitRules({ rules: [withTotal(['special'])] }, SRC)[0]!.extensions[1]!.absorbs).toEqual(['special']);
    expect(bad(withTotal(['nothing']))).toThrow('rules[3] (cpl.arrest.decide).extensions[1] (gang).absorbs: "nothing" is not an "add" extension of this rule');
    expect(bad(withTotal([]))).toThrow('extensions[1] (gang).absorbs: must be a non-empty list of extension ids');
    expect(bad(withTotal(['special'], 'add'))).toThrow('extensions[1] (gang).absorbs: only a "total" extension takes others in');
  });

  it('accepts a valid entry and keeps its fields', () => {
    const [rule] = parseTimeLimitRules({ rules: [ok()] }, SRC);
    expect(rule).toEqual(ok());
  });

  it('names the file, the rule (index and id) and the field of a bad entry', () => {
    expect(bad({ ...ok(), length: { days: 1.5 } })).toThrow(
      'rules/time-limits/criminal.yaml: rules[3] (cpl.arrest.decide).length.days: must be a whole number >= 0',
    );
    expect(bad({ ...ok(), length: { days: -1 } })).toThrow('rules[3] (cpl.arrest.decide).length.days: must be a whole number >= 0');
    expect(bad({ ...ok(), length: { days: '7' } })).toThrow('rules[3] (cpl.arrest.decide).length.days: must be a whole number >= 0');
    expect(bad({ ...ok(), length: {} })).toThrow('rules[3] (cpl.arrest.decide).length: must give at least one of');
    expect(bad({ ...ok(), length: { weeks: 1 } })).toThrow('rules[3] (cpl.arrest.decide).length.weeks: unknown field');
    expect(bad({ ...ok(), deadline: 3 })).toThrow(`${SRC}: rules[3] (cpl.arrest.decide).deadline: unknown field`);
    expect(bad({ ...ok(), id: 'CPL.Arrest' })).toThrow('rules[3] (CPL.Arrest).id: "CPL.Arrest" must look like');
    expect(bad({ ...ok(), id: 'cpl' })).toThrow('rules[3] (cpl).id:');
    expect(bad({ ...ok(), id: undefined })).toThrow(`${SRC}: rules[3].id: must be a non-empty string`);
    expect(bad({ ...ok(), family: 'military' })).toThrow('rules[3] (cpl.arrest.decide).family: unknown value "military"');
    expect(bad({ ...ok(), holiday: 'skip' })).toThrow('rules[3] (cpl.arrest.decide).holiday: unknown value "skip"');
    expect(bad({ ...ok(), direction: 'sideways' })).toThrow('rules[3] (cpl.arrest.decide).direction: unknown value');
    expect(bad({ ...ok(), basis: [] })).toThrow('rules[3] (cpl.arrest.decide).basis: must be a non-empty list');
    expect(bad({ ...ok(), basis: [{ law: '刑事诉讼法', article: 91 }] })).toThrow(
      'rules[3] (cpl.arrest.decide).basis[0].article: must be a non-empty string',
    );
    expect(bad({ ...ok(), name: { zh: '审查批准逮捕' } })).toThrow('rules[3] (cpl.arrest.decide).name.en: must be a non-empty string');
    expect(bad({ ...ok(), startsOn: { event: 'Receipt Of Request', zh: '收到' } })).toThrow(
      'rules[3] (cpl.arrest.decide).startsOn.event: "Receipt Of Request" must be kebab-case',
    );
    expect(bad({ ...ok(), extensions: undefined })).toThrow('rules[3] (cpl.arrest.decide).extensions: must be a list');
    expect(bad({ ...ok(), note: '' })).toThrow('rules[3] (cpl.arrest.decide).note: must be a non-empty string');
    expect(bad('cpl.arrest.decide')).toThrow(`${SRC}: rules[3]: must be a mapping`);
  });

  it('checks each extension: id, kind, approver, minimum within length, ids unique within the rule', () => {
    const at = 'rules[3] (cpl.arrest.decide).extensions[0] (special)';
    expect(bad(ext({ kind: 'double' }))).toThrow(`${at}.kind: unknown value "double"`);
    expect(bad(ext({ approver: ' ' }))).toThrow(`${at}.approver: must be a non-empty string`);
    expect(bad(ext({ minimum: { days: 5 } }))).toThrow(`${at}.minimum: must not exceed length`);
    expect(bad(ext({ minimum: { hours: 1 } }))).toThrow(`${at}.minimum: must use the units of length (days)`);
    expect(bad(ext({ kind: 'total', length: { days: 30 } }))).toThrow(`${at}.minimum: only an "add" extension has a minimum`);
    expect(bad(ext({ kind: 'total', minimum: undefined, length: { days: 5 } }))).toThrow(
      `${at}.length: a "total" extension must be longer than the rule's length`,
    );
    expect(bad(ext({ length: { months: 0.5 } }))).toThrow(`${at}.length.months: must be a whole number >= 0`);
    expect(bad(ext({ id: 'Art 156' }))).toThrow(`${SRC}: rules[3] (cpl.arrest.decide).extensions[0] (Art 156).id: "Art 156" must be`);
    expect(bad(ext({ basis: undefined }))).toThrow(`${at}.basis: must be a non-empty list`);
    expect(bad(ext({ approved: 'x' }))).toThrow(`${at}.approved: unknown field`);
    const twice = ok();
    twice.extensions = [...(twice.extensions as object[]), ...(twice.extensions as object[])];
    expect(bad(twice)).toThrow('rules[3] (cpl.arrest.decide).extensions[1] (special).id: duplicate extension id "special"');
  });

  it('refuses holiday moves where the spec forbids them (hours, working days, backward periods)', () => {
    expect(bad({ ...ok(), length: { hours: 24 } })).toThrow('(cpl.arrest.decide).holiday: must be none for a period counted in hours');
    expect(bad({ ...ok(), holiday: 'next-working-day', length: { workingDays: 5 } })).toThrow(
      'holiday: must be none for a period counted in working days',
    );
    expect(bad({ ...ok(), direction: 'backward' })).toThrow('(cpl.arrest.decide).holiday: must be none for a backward period');
    expect(bad({ ...ok(), direction: 'backward', holiday: 'none' })).toThrow(
      '(cpl.arrest.decide).extensions: a backward period has no extensions',
    );
  });

  it('checks the document: a rules list, no other keys, no id twice in one file', () => {
    expect(() => parseTimeLimitRules(null, SRC)).toThrow(`${SRC}: (top level): must be a mapping`);
    expect(() => parseTimeLimitRules({ rule: [] }, SRC)).toThrow(`${SRC}: (top level).rule: unknown field`);
    expect(() => parseTimeLimitRules({ rules: [] }, SRC)).toThrow(`${SRC}: rules: must be a non-empty list`);
    expect(() => parseTimeLimitRules({ rules: [ok(), ok()] }, SRC)).toThrow(
      `${SRC}: rules[1] (cpl.arrest.decide).id: duplicate id, already at rules[0]`,
    );
  });
});

describe('indexRules', () => {
  it('indexes by id and names both sources of a duplicate', () => {
    const a = parseTimeLimitRules({ rules: [ok()] }, 'a.yaml');
    const b = parseTimeLimitRules({ rules: [{ ...ok(), id: 'cpl.other.rule' }] }, 'b.yaml');
    expect([...indexRules([a, b]).keys()]).toEqual(['cpl.arrest.decide', 'cpl.other.rule']);
    expect(() => indexRules([a, b, a], ['rules/time-limits/a.yaml', 'rules/time-limits/b.yaml', 'rules/time-limits/c.yaml'])).toThrow(
      'duplicate time-limit rule id "cpl.arrest.decide": in rules/time-limits/a.yaml and in rules/time-limits/c.yaml',
    );
  });
});

describe('loadTimeLimitRules on a directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caselink-time-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file of a bad entry, of unparsable YAML and of an id defined in two files', () => {
    writeFileSync(join(dir, 'a.yaml'), stringify({ rules: [ok()] }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(loadTimeLimitRules(dir).size).toBe(1);
    writeFileSync(join(dir, 'b.yaml'), stringify({ rules: [{ ...ok(), length: { days: -2 } }] }));
    expect(() => loadTimeLimitRules(dir)).toThrow(`${join(dir, 'b.yaml')}: rules[0] (cpl.arrest.decide).length.days`);
    writeFileSync(join(dir, 'b.yaml'), 'rules: [ {');
    expect(() => loadTimeLimitRules(dir)).toThrow(`${join(dir, 'b.yaml')}: `);
    writeFileSync(join(dir, 'b.yaml'), stringify({ rules: [ok()] }));
    expect(() => loadTimeLimitRules(dir)).toThrow(`in ${join(dir, 'a.yaml')} and in ${join(dir, 'b.yaml')}`);
  });
});

describe('the shipped rules (rules/time-limits/)', () => {
  const rules = loadTimeLimitRules();
  const get = (id: string): TimeLimitRule => {
    const rule = rules.get(id);
    if (!rule) throw new Error(`no rule ${id}`);
    return rule;
  };
  const extension = (id: string, ext: string) => {
    const found = get(id).extensions.find((e) => e.id === ext);
    if (!found) throw new Error(`no extension ${id}/${ext}`);
    return found;
  };

  it('hold exactly the ids of time-limits.md', () => {
    const shipped = new Set(rules.keys());
    const spec = new Set(SPEC_IDS);
    expect(SPEC_IDS.length).toBe(spec.size);
    expect([...spec].filter((id) => !shipped.has(id))).toEqual([]);
    expect([...shipped].filter((id) => !spec.has(id))).toEqual([]);
  });

  it('keep each family in its file, with the family its id implies', () => {
    const family: Record<string, TimeLimitRule['family']> = {
      cpl: 'criminal',
      psapl: 'public-security',
      adm: 'administrative',
      petition: 'petition',
    };
    for (const rule of rules.values()) {
      const prefix = rule.id.split('.')[0]!;
      const expected = rule.id.startsWith('civ.judicial-confirmation.') ? 'mediation' : (family[prefix] ?? 'civil');
      expect(rule.family, rule.id).toBe(expected);
    }
  });

  it('investigation custody: 2 m from arrest; art156 +1 m, art158 +2 m, art159 +2 m (CPL 156-159)', () => {
    const r = get('cpl.investigation.custody');
    expect(r.startsOn.event).toBe('arrest');
    expect(r.length).toEqual({ months: 2 });
    expect(r.holiday).toBe('next-working-day-unless-custody');
    expect(r.extensions.map((e) => [e.id, e.kind, e.length])).toEqual([
      ['art156', 'add', { months: 1 }],
      ['art158', 'add', { months: 2 }],
      ['art159', 'add', { months: 2 }],
    ]);
    expect(extension('cpl.investigation.custody', 'art156').approver).toBe('上一级人民检察院批准');
    expect(extension('cpl.investigation.custody', 'art159').approver).toContain('省、自治区、直辖市人民检察院批准或者决定');
  });

  it('request for arrest: 3 d; special +1 to +4 d; gang 30 d in all (CPL 91)', () => {
    const r = get('cpl.detention.request-arrest');
    expect(r.length).toEqual({ days: 3 });
    expect(extension(r.id, 'special')).toMatchObject({ kind: 'add', length: { days: 4 }, minimum: { days: 1 } });
    expect(extension(r.id, 'gang')).toMatchObject({ kind: 'total', length: { days: 30 } });
    expect(r.basis).toContainEqual({ law: '刑事诉讼法', article: '91' });
  });

  it('hour periods never move for a holiday (CPL 85, 86, 93, 94, 119)', () => {
    expect(get('cpl.detention.notify-family').length).toEqual({ hours: 24 });
    expect(get('cpl.detention.notify-family').note).toContain('有碍侦查');
    expect(get('cpl.summons.duration').length).toEqual({ hours: 12 });
    expect(extension('cpl.summons.duration', 'major')).toMatchObject({ kind: 'total', length: { hours: 24 } });
    for (const rule of rules.values()) {
      if (rule.length.hours !== undefined) expect(rule.holiday, rule.id).toBe('none');
    }
  });

  it('summary procedure: 20 d; over-3-years 1.5 m in all (CPL 220)', () => {
    const r = get('cpl.trial.summary');
    expect(r.length).toEqual({ days: 20 });
    expect(extension(r.id, 'over-3-years')).toMatchObject({ kind: 'total', length: { months: 1, days: 15 } });
  });

  it('first instance: 2 m; court 3 m in all; art208 +3 m with the higher court (CPL 208)', () => {
    const r = get('cpl.trial.first-instance');
    expect(r.length).toEqual({ months: 2 });
    expect(extension(r.id, 'court')).toMatchObject({ kind: 'total', length: { months: 3 } });
    expect(extension(r.id, 'art208')).toMatchObject({ kind: 'add', length: { months: 3 }, approver: '上一级人民法院批准' });
  });

  it('second instance: 2 m; provincial +2 m with the high court (CPL 243)', () => {
    const r = get('cpl.trial.second-instance');
    expect(r.length).toEqual({ months: 2 });
    expect(extension(r.id, 'provincial')).toMatchObject({ kind: 'add', length: { months: 2 } });
    expect(extension(r.id, 'provincial').approver).toContain('高级人民法院批准');
  });

  it('prosecution review: 1 m, complex +15 d; plea 10 d, over-1-year 15 d in all (CPL 172)', () => {
    expect(get('cpl.prosecution.review').length).toEqual({ months: 1 });
    expect(extension('cpl.prosecution.review', 'complex')).toMatchObject({ kind: 'add', length: { days: 15 } });
    expect(get('cpl.prosecution.review-plea').length).toEqual({ days: 10 });
    expect(extension('cpl.prosecution.review-plea', 'over-1-year')).toMatchObject({ kind: 'total', length: { days: 15 } });
  });

  it('backward periods: hearing notice 3 d, indictment 10 d, extension request 7 d; none moves for a holiday', () => {
    expect(get('cpl.hearing.notify')).toMatchObject({ direction: 'backward', length: { days: 3 }, holiday: 'none' });
    expect(get('cpl.hearing.serve-indictment')).toMatchObject({ direction: 'backward', length: { days: 10 }, holiday: 'none' });
    expect(get('cpl.investigation.extension-request')).toMatchObject({ direction: 'backward', length: { days: 7 }, holiday: 'none' });
    const backward = [...rules.values()].filter((r) => r.direction === 'backward').map((r) => r.id);
    expect(backward.sort()).toEqual(['cpl.hearing.notify', 'cpl.hearing.serve-indictment', 'cpl.investigation.extension-request']);
  });

  it('bail 12 m and residential surveillance 6 m, a new stage restarting them (CPL 79)', () => {
    expect(get('cpl.bail.max').length).toEqual({ months: 12 });
    expect(get('cpl.bail.max').note).toContain('重新计算');
    expect(get('cpl.residential-surveillance.max').length).toEqual({ months: 6 });
  });

  it('civil: ordinary 6 m with the president +6 m (CivPL 152); appeal windows 15 d / 10 d from service (CivPL 171)', () => {
    const r = get('civ.trial.ordinary');
    expect(r.length).toEqual({ months: 6 });
    expect(r.holiday).toBe('next-working-day');
    expect(extension(r.id, 'president')).toMatchObject({ kind: 'add', length: { months: 6 }, approver: '本院院长批准' });
    expect(get('civ.appeal.judgment')).toMatchObject({ length: { days: 15 }, startsOn: { event: 'service' } });
    expect(get('civ.appeal.ruling')).toMatchObject({ length: { days: 10 }, startsOn: { event: 'service' } });
  });

  it('judicial confirmation: apply within 30 d; decide within 15 d, +10 d with the president (SPC 2011 art. 5)', () => {
    expect(get('civ.judicial-confirmation.apply').length).toEqual({ days: 30 });
    const r = get('civ.judicial-confirmation.decide');
    expect(r.length).toEqual({ days: 15 });
    expect(extension(r.id, 'president')).toMatchObject({ kind: 'add', length: { days: 10 }, approver: '本院院长批准' });
  });

  it('administrative: 6 m, 45 d, 3 m (ALL 81, 83, 88)', () => {
    expect(get('adm.trial.first-instance').length).toEqual({ months: 6 });
    expect(get('adm.trial.simplified').length).toEqual({ days: 45 });
    expect(get('adm.trial.second-instance').length).toEqual({ months: 3 });
  });

  it('public security: questioning 8 h, 24 h in all; a case 30 d, major +30 d, appraisal not counted (PSAPL 83, 99)', () => {
    expect(get('psapl.questioning').length).toEqual({ hours: 8 });
    expect(extension('psapl.questioning', 'complex')).toMatchObject({ kind: 'total', length: { hours: 24 } });
    expect(get('psapl.case').length).toEqual({ days: 30 });
    expect(extension('psapl.case', 'major')).toMatchObject({ kind: 'add', length: { days: 30 }, approver: '上一级公安机关批准' });
    expect(get('psapl.case').note).toContain('鉴定');
  });

  it('petitions: remit objection 5 working days with no holiday move; handling 60 d, complex +30 d (Regulations 23, 34)', () => {
    expect(get('petition.object-remit')).toMatchObject({ length: { workingDays: 5 }, holiday: 'none' });
    expect(get('petition.handle').length).toEqual({ days: 60 });
    expect(extension('petition.handle', 'complex')).toMatchObject({ kind: 'add', length: { days: 30 } });
    for (const id of ['petition.review.apply', 'petition.review.answer', 'petition.rereview.apply', 'petition.rereview.answer']) {
      expect(get(id).length, id).toEqual({ days: 30 });
    }
  });

  it('commutation: fixed term 1 m, complex +1 m; suspended death 1 m with no extension; objection 20 d (CPL 274)', () => {
    expect(extension('cpl.commutation.rule-fixed-term', 'complex')).toMatchObject({ kind: 'add', length: { months: 1 } });
    expect(get('cpl.commutation.rule-suspended-death').extensions).toEqual([]);
    expect(get('cpl.commutation.rule-community').length).toEqual({ days: 30 });
    expect(get('cpl.commutation.procuratorate-objection').length).toEqual({ days: 20 });
    expect(get('cpl.commutation.procuratorate-objection').note).toContain('一个月');
  });

  it('criminal day and month periods follow CPL 105 (custody decides); other families move to the next working day', () => {
    for (const rule of rules.values()) {
      if (rule.direction === 'backward' || rule.length.hours !== undefined || rule.length.workingDays !== undefined) continue;
      const expected = rule.family === 'criminal' ? 'next-working-day-unless-custody' : 'next-working-day';
      expect(rule.holiday, rule.id).toBe(expected);
    }
  });
});
