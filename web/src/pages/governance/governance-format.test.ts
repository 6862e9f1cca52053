import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { GRID_EVENT_STEP_PATH, PETITION_STEP_PATH } from '../../api/governance-client.ts';
import { DISPUTE_ACTIONS, GRID_EVENT_ACTIONS, PETITION_ACTIONS } from '../../api/governance-types.ts';
import {
  closeOutcomes,
  disputeNeeds,
  duplicateOf,
  fieldPath,
  formatFigure,
  formatYuan,
  gridNeeds,
  intakeBody,
  knownUnits,
  metricRows,
  partyProblems,
  petitionNeeds,
  petitionTakesNote,
  splitClocks,
} from './governance-format.ts';
import { DISPUTE_ACTIONS as SERVER_DISPUTE_ACTIONS, DISPUTE_STATES as SERVER_DISPUTE_STATES, outcomesFrom } from '../../../../src/engine/disputes/dispute-flow.ts';
import { DISPUTE_STATES } from '../../api/governance-types.ts';

// a valid resident ID (GB 11643 check digit) of a person born in 1990
const ID = '11010519900307005X';
const TODAY = new Date('2026-06-01T00:00:00Z');

const form = (parties: Parameters<typeof intakeBody>[0]['parties']) =>
  intakeBody({ channel: 'walk-in', type: 'neighbour', summary: '  邻里噪音  ', parties });

describe('intakeBody', () => {
  it('trims text, leaves out empty optional fields and writes ID numbers upper case', () => {
    const body = intakeBody({
      channel: 'hotline',
      type: 'neighbour',
      summary: ' 噪音 ',
      regionCode: '  ',
      amount: null,
      parties: [
        { role: 'applicant', kind: 'person', name: ' 张三 ', phone: ' 13800138000 ', idNumber: ID.toLowerCase(), address: '' },
        { role: 'respondent', kind: 'organisation', name: '某物业公司' },
      ],
    });
    expect(body).toEqual({
      channel: 'hotline',
      type: 'neighbour',
      summary: '噪音',
      parties: [
        { role: 'applicant', kind: 'person', name: '张三', phone: '13800138000', idNumber: ID },
        { role: 'respondent', kind: 'organisation', name: '某物业公司' },
      ],
    });
  });

  it('keeps an amount of zero and the optional assessment the desk chose', () => {
    const body = intakeBody({ channel: 'walk-in', type: 'x', summary: 's', amount: 0, riskLevel: 'high', urgency: 'urgent', regionCode: '990102', parties: [] });
    expect(body).toMatchObject({ amount: 0, riskLevel: 'high', urgency: 'urgent', regionCode: '990102' });
  });
});

describe('partyProblems: the server\'s own checks, at the form\'s field paths', () => {
  it('accepts an applicant reachable by phone and a respondent', () => {
    expect(partyProblems(form([{ role: 'applicant', kind: 'person', name: '张三', phone: '13800138000' }, { role: 'respondent', kind: 'person', name: '李四' }]), TODAY)).toEqual([]);
  });

  it('names a bad phone and a bad ID number at their fields', () => {
    const problems = partyProblems(
      form([
        { role: 'applicant', kind: 'person', name: '张三', phone: '12345' },
        { role: 'respondent', kind: 'person', name: '李四', idNumber: '110105199003070010' },
      ]),
      TODAY,
    );
    expect(problems.map((p) => p.name)).toEqual([
      ['parties', 0, 'phone'],
      ['parties', 1, 'idNumber'],
    ]);
  });

  it('asks an applicant for a phone or an ID number, and the list for both roles', () => {
    expect(partyProblems(form([{ role: 'applicant', kind: 'person', name: '张三' }, { role: 'respondent', kind: 'person', name: '李四' }]), TODAY)[0]?.name).toEqual([
      'parties',
      0,
      'phone',
    ]);
    const onlyApplicants = partyProblems(
      form([
        { role: 'applicant', kind: 'person', name: '张三', idNumber: ID },
        { role: 'applicant', kind: 'person', name: '王五', phone: '13800138000' },
      ]),
      TODAY,
    );
    expect(onlyApplicants).toHaveLength(1);
    expect(onlyApplicants[0]?.name).toEqual(['parties']);
  });

  it('takes an organisation\'s credit code in the ID field without the resident ID check', () => {
    expect(
      partyProblems(form([{ role: 'applicant', kind: 'person', name: '张三', phone: '13800138000' }, { role: 'respondent', kind: 'organisation', name: '某公司', idNumber: '91350100M000100Y43' }]), TODAY),
    ).toEqual([]);
  });
});

describe('fieldPath', () => {
  it('reads the server\'s ways of naming a field', () => {
    expect(fieldPath('parties[1].phone')).toEqual(['parties', 1, 'phone']);
    expect(fieldPath('/parties/1/phone')).toEqual(['parties', 1, 'phone']);
    expect(fieldPath('note')).toEqual(['note']);
  });
});

describe('duplicateOf', () => {
  it('reads the earlier registration of a DISPUTE_DUPLICATE refusal, with its id when given', () => {
    const msg = { zh: '重复', en: 'duplicate' };
    expect(duplicateOf(new ApiError(409, 'DISPUTE_DUPLICATE', msg, { number: '纠2026-000001' }))).toEqual({ number: '纠2026-000001', id: null });
    expect(duplicateOf(new ApiError(409, 'DISPUTE_DUPLICATE', msg, { number: '纠2026-000001', id: 'abc' }))).toEqual({ number: '纠2026-000001', id: 'abc' });
  });

  it('is null for any other refusal or a body without the number', () => {
    expect(duplicateOf(new ApiError(409, 'DISPUTE_WRONG_STATE', { zh: '', en: '' }, { number: 'x' }))).toBeNull();
    expect(duplicateOf(new ApiError(409, 'DISPUTE_DUPLICATE', { zh: '', en: '' }))).toBeNull();
    expect(duplicateOf(new Error('x'))).toBeNull();
  });
});

describe('the dispute flow as the web app knows it', () => {
  it('names the same states and actions as the server\'s flow', () => {
    expect([...DISPUTE_STATES].sort()).toEqual([...SERVER_DISPUTE_STATES].sort());
    expect([...DISPUTE_ACTIONS].sort()).toEqual([...SERVER_DISPUTE_ACTIONS].sort());
  });

  it('offers the outcomes a close may take from each state, as the server decides them', () => {
    for (const s of SERVER_DISPUTE_STATES) expect(closeOutcomes(s), s).toEqual(outcomesFrom(s).filter((o) => o !== 'withdrawn'));
  });

  it('asks for a note where the server requires one, and the fields each step takes', () => {
    expect(disputeNeeds('session').note).toBe('required');
    expect(disputeNeeds('assess')).toEqual({ note: 'optional', assessment: true });
    expect(disputeNeeds('agree').agreement).toBe(true);
    expect(disputeNeeds('rate').satisfaction).toBe('required');
    expect(disputeNeeds('visit')).toEqual({ note: 'required', satisfaction: 'optional' });
    expect(disputeNeeds('decide-confirmation').decision).toBe('confirm');
  });
});

describe('petition and grid event steps', () => {
  it('has a route for every action', () => {
    for (const a of PETITION_ACTIONS) expect(PETITION_STEP_PATH[a], a).toMatch(/^[a-z-]+$/);
    for (const a of GRID_EVENT_ACTIONS) expect(GRID_EVENT_STEP_PATH[a], a).toMatch(/^[a-z-]+$/);
    expect(PETITION_STEP_PATH['issue-opinion']).toBe('opinion');
    expect(GRID_EVENT_STEP_PATH['record-handling']).toBe('handling');
  });

  it('sends a note only to the steps whose body takes one', () => {
    expect(petitionTakesNote('route')).toBe(true);
    expect(petitionTakesNote('issue-opinion')).toBe(false);
    expect(petitionTakesNote('refuse')).toBe(false);
    expect(petitionNeeds('request-review').unit).toBe('reviewUnitId');
    expect(petitionNeeds('route-legal').legal).toBe(true);
  });

  it('requires a note of a failed verification only', () => {
    expect(gridNeeds('verify', true).note).toBe('optional');
    expect(gridNeeds('verify', false).note).toBe('required');
    expect(gridNeeds('escalate').note).toBe('required');
    expect(gridNeeds('assign').unit).toBe(true);
  });
});

describe('splitClocks and formatYuan', () => {
  it('puts running clocks soonest first and the stopped ones apart', () => {
    const { live, stopped } = splitClocks([
      { state: 'running', dueAt: '2026-03-10T00:00:00Z' },
      { state: 'stopped', dueAt: '2026-03-01T00:00:00Z' },
      { state: 'running', dueAt: null },
      { state: 'suspended', dueAt: '2026-03-05T00:00:00Z' },
    ]);
    expect(live.map((k) => k.dueAt)).toEqual(['2026-03-05T00:00:00Z', '2026-03-10T00:00:00Z', null]);
    expect(stopped).toHaveLength(1);
  });

  it('writes amounts with separators and at most two decimals', () => {
    expect(formatYuan(1234567.5, 'en-US')).toBe('1,234,567.5');
    expect(formatYuan(2000, 'zh-CN')).toBe('2,000');
  });
});

describe('metricRows and formatFigure', () => {
  const metric = (id: string, kind: 'rate' | 'average', groups: { key: string; name: string; numerator: number; denominator: number; value: number | null }[]) => ({
    id,
    kind,
    name: { zh: id, en: id },
    subject: 'dispute',
    direction: 'higher-better' as const,
    definition: { zh: '', en: '' },
    total: { numerator: 0, denominator: 0, value: null },
    groups: groups.map((g) => ({ ...g, nameEn: g.name })),
  });

  it('makes one row per unit met in any metric, each with the figures it has', () => {
    const rows = metricRows([
      metric('a', 'rate', [{ key: 'u2', name: '乙', numerator: 1, denominator: 2, value: 0.5 }]),
      metric('b', 'average', [
        { key: 'u1', name: '甲', numerator: 10, denominator: 4, value: 2.5 },
        { key: 'u2', name: '乙', numerator: 3, denominator: 1, value: 3 },
      ]),
    ]);
    expect(rows.map((r) => r.key)).toEqual(['u1', 'u2']);
    expect(rows[0]?.figures.a).toBeUndefined();
    expect(rows[1]?.figures).toMatchObject({ a: { value: 0.5 }, b: { value: 3 } });
  });

  it('writes a rate as a percentage with its count, a mean with how many, nothing counted as none', () => {
    expect(formatFigure('rate', { numerator: 7, denominator: 8, value: 0.875 }, '—')).toBe('87.5% (7/8)');
    expect(formatFigure('average', { numerator: 10, denominator: 4, value: 2.5 }, '—')).toBe('2.5 (n=4)');
    expect(formatFigure('rate', { numerator: 0, denominator: 0, value: null }, '—')).toBe('—');
    expect(formatFigure('rate', undefined, '—')).toBe('—');
  });
});

describe('knownUnits', () => {
  it('names each unit once, by the first name met, skipping what has no id or no name', () => {
    const m = knownUnits([
      ['u1', '青山县社会治理中心'],
      [null, '无'],
      ['u2', null],
      ['u1', '另一个名字'],
      ['u3', '青山县人民法院'],
    ]);
    expect([...m.entries()]).toEqual([
      ['u1', '青山县社会治理中心'],
      ['u3', '青山县人民法院'],
    ]);
  });
});
