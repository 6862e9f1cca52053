import { describe, expect, it } from 'vitest';
import { oversightEn, oversightZh } from '../../i18n-oversight.ts';
import { ITEM_ACTIONS, ITEM_SOURCES, ITEM_STATES } from '../../api/types.ts';
import {
  actionNeeds,
  basisText,
  countBarOption,
  definitionText,
  dueDay,
  factEntries,
  factValue,
  parameterInput,
  STATE_COLOURS,
  trendOption,
} from './oversight-format.ts';

const format = {
  labels: oversightZh.fact,
  yes: '是',
  no: '否',
  none: '—',
  separator: '、',
  dateTime: (iso: string) => `<${iso}>`,
  term: (key: string, value: string) => (key === 'stage' && value === 'investigation' ? '侦查' : undefined),
};

describe('factEntries', () => {
  it('labels each fact, leaves out the case number, and keeps the order the model wrote', () => {
    const facts = { case_number: '东公刑立〔2026〕1号', stage: 'investigation', due_at: '2026-03-01T08:00:00+08:00', provisional: false };
    expect(factEntries(facts, format)).toEqual([
      { key: 'stage', label: '诉讼阶段', value: '侦查' },
      { key: 'due_at', label: '届满时间', value: '<2026-03-01T08:00:00+08:00>' },
      { key: 'provisional', label: '暂定', value: '否' },
    ]);
  });

  it('leaves out the ids (person_id, incident_id …)', () => {
    expect(factEntries({ person_id: 'a1', incident_id: 'b2', id: 'c3', rule: 'detention' }, format).map((f) => f.key)).toEqual(['rule']);
  });

  it('labels the same facts in both languages', () => {
    expect(Object.keys(oversightEn.fact).sort()).toEqual(Object.keys(oversightZh.fact).sort());
  });

  it('keeps an unknown key as its own label', () => {
    expect(factEntries({ odd_key: 3 }, format)).toEqual([{ key: 'odd_key', label: 'odd_key', value: '3' }]);
  });
});

describe('factValue', () => {
  it('joins lists, words nulls and empties, and writes objects as JSON', () => {
    expect(factValue('missing', ['dossier', 'transfer-form'], format)).toBe('dossier、transfer-form');
    expect(factValue('missing', [], format)).toBe('—');
    expect(factValue('x', null, format)).toBe('—');
    expect(factValue('x', '', format)).toBe('—');
    expect(factValue('x', { a: 1 }, format)).toBe('{"a":1}');
    expect(factValue('x', true, format)).toBe('是');
  });

  it('formats moments with and without seconds and zone, and leaves a plain day alone', () => {
    expect(factValue('sent_at', '2026-01-02T03:04:05.678Z', format)).toBe('<2026-01-02T03:04:05.678Z>');
    expect(factValue('sent_at', '2026-01-02T03:04', format)).toBe('<2026-01-02T03:04>');
    expect(factValue('due_date', '2026-01-02', format)).toBe('2026-01-02');
  });
});

describe('basisText', () => {
  const pick = (t: { zh: string; en: string }) => t.zh;
  it('names each article as 《law》第N条', () => {
    const model = { basis: [{ law: '刑事诉讼法', article: '86' }, { law: '刑事诉讼法', article: '94' }], policy: null };
    expect(basisText(model, oversightZh.models.article, pick, '、')).toBe('《刑事诉讼法》第86条、《刑事诉讼法》第94条');
    expect(basisText(model, oversightEn.models.article, pick, '; ')).toBe('刑事诉讼法, art. 86; 刑事诉讼法, art. 94');
  });
  it('falls back to the policy, else nothing', () => {
    expect(basisText({ basis: [], policy: { zh: '单轨制规定', en: 'Single-track rules' } }, oversightZh.models.article, pick, '、')).toBe('单轨制规定');
    expect(basisText({ basis: [], policy: null }, oversightZh.models.article, pick, '、')).toBe('');
  });
});

describe('definitionText', () => {
  it('shows SQL as written and a condition as indented JSON', () => {
    expect(definitionText('SELECT 1\n')).toBe('SELECT 1');
    expect(definitionText({ all: [{ field: 'state', eq: 'sent' }] })).toBe('{\n  "all": [\n    {\n      "field": "state",\n      "eq": "sent"\n    }\n  ]\n}');
  });
});

describe('parameterInput', () => {
  it('chooses the input by the type, else by the value', () => {
    expect(parameterInput({ type: 'integer', value: 3 })).toBe('number');
    expect(parameterInput({ type: 'boolean', value: true })).toBe('switch');
    expect(parameterInput({ type: 'text-list', value: ['a:b'] })).toBe('tags');
    expect(parameterInput({ type: 'text', value: 'x' })).toBe('text');
    expect(parameterInput({ type: 'duration', value: 7 })).toBe('number');
  });
});

describe('actionNeeds', () => {
  it('asks for a note where the server requires one', () => {
    expect(ITEM_ACTIONS.filter((a) => actionNeeds(a).note)).toEqual(['follow-up', 'report', 'comment']);
    expect(actionNeeds('verify', false).note).toBe(true);
  });
  it('asks a follow-up for a new date, and a failed verification may give one', () => {
    expect(actionNeeds('follow-up').dueDate).toBe('required');
    expect(actionNeeds('verify', true).dueDate).toBe('none');
    expect(actionNeeds('verify', false).dueDate).toBe('optional');
    expect(actionNeeds('accept')).toEqual({ note: false, dueDate: 'none', verdict: false, unit: false });
    expect(actionNeeds('assign').unit).toBe(true);
  });
});

describe('names and colours', () => {
  it('names every state, source and action in both languages, and colours every state', () => {
    for (const s of ITEM_STATES) {
      expect(oversightZh.itemState[s]).toBeTruthy();
      expect(oversightEn.itemState[s]).toBeTruthy();
      expect(STATE_COLOURS[s]).toBeTruthy();
    }
    for (const s of ITEM_SOURCES) expect(oversightEn.itemSource[s]).toBeTruthy();
    for (const a of ITEM_ACTIONS) expect(oversightEn.itemAction[a]).toBeTruthy();
    expect(Object.values(oversightZh.itemState)).toEqual(['待交办', '已交办', '整改中', '已反馈', '已办结']);
  });
});

describe('dueDay', () => {
  it('gives the China Standard Time day a due moment at 24:00 ends', () => {
    // 24:00 CST on 2 March is 16:00 UTC on 2 March
    expect(dueDay('2026-03-02T16:00:00.000Z')).toBe('2026-03-02');
    expect(dueDay('2026-03-02T15:59:59.999Z')).toBe('2026-03-02');
    expect(dueDay('not a date')).toBe('not a date');
  });
});

describe('chart options', () => {
  it('puts the largest count at the top of the bars', () => {
    const option = countBarOption(
      [
        { name: 'a', count: 1 },
        { name: 'b', count: 5 },
        { name: 'c', count: 3 },
      ],
      'n',
    );
    expect(option.yAxis).toMatchObject({ data: ['a', 'c', 'b'] });
    expect(option.series).toMatchObject([{ type: 'bar', data: [1, 3, 5] }]);
  });
  it('draws opened and closed per day', () => {
    const option = trendOption(
      [
        { day: '2026-03-01', opened: 2, closed: 0 },
        { day: '2026-03-02', opened: 0, closed: 1 },
      ],
      { opened: 'o', closed: 'c' },
    );
    expect(option.xAxis).toMatchObject({ data: ['03-01', '03-02'] });
    expect(option.series).toMatchObject([
      { type: 'line', name: 'o', data: [2, 0] },
      { type: 'line', name: 'c', data: [0, 1] },
    ]);
  });
});
