import { describe, expect, it } from 'vitest';
import { loadDisputeImportRules } from '../../rules/load-dispute-import.ts';
import { normaliseHeader, parseDisputeImportRules } from './import-rules.ts';
import { type Cell, type MappedRow, importKeyOf, mapHeader, mapRow, typeIndex } from './row-mapper.ts';

const rules = loadDisputeImportRules();
const types = typeIndex([
  { id: 'neighbour', name: { zh: '邻里纠纷', en: 'Neighbours' } },
  { id: 'labour-wages', name: { zh: '劳动争议及欠薪纠纷', en: 'Labour and unpaid wages' } },
]);
const ctx = { types, today: new Date('2026-11-22T00:00:00Z'), maxCellChars: rules.limits.maxCellChars };
const HEADER = ['纠纷类型', '纠纷简要情况', '申请人姓名', '申请人电话', '申请人身份证号', '被申请人姓名', '涉及金额（元）'];
const good: Cell[] = ['邻里纠纷', '因排水问题发生争执', '张三', '13800138000', '11010519491231002X', '李四', '1,200.50'];

function mapped(cells: Cell[], header: Cell[] = HEADER): MappedRow {
  const h = mapHeader(header, rules.columns);
  if (!h.ok) throw new Error('header refused');
  return mapRow({ row: 7, cells }, h.map, ctx);
}
function problemsOf(m: MappedRow) {
  if (m.ok) throw new Error('row accepted');
  return m.problems;
}

describe('header', () => {
  it('finds columns by Chinese or English names, ignoring case, spaces, full-width forms and a required mark', () => {
    const h = mapHeader(['*纠纷类型', 'SUMMARY', 'Applicant  Name', '被申请人', '涉及金额(元)', '备注'], rules.columns);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.map.index).toMatchObject({ type: 0, summary: 1, applicantName: 2, respondentName: 3, amount: 4 });
    expect(h.map.header.applicantName).toBe('Applicant  Name');
    expect(h.map.ignored).toEqual(['备注']);
    expect(normaliseHeader('ＡＰＰＬＩＣＡＮＴ_ID')).toBe('applicantid');
  });

  it('names every required column missing, and a field given twice', () => {
    const h = mapHeader(['纠纷类型', 'type', '申请人姓名'], rules.columns);
    expect(h.ok).toBe(false);
    if (h.ok) return;
    expect(h.missing.map((c) => c.field).sort()).toEqual(['respondentName', 'summary']);
    expect(h.duplicated).toEqual([{ field: 'type', headers: ['纠纷类型', 'type'] }]);
  });
});

describe('row', () => {
  it('maps a good row to the intake input, the applicant first', () => {
    const m = mapped(good);
    expect(m).toMatchObject({
      row: 7,
      ok: true,
      input: {
        type: 'neighbour',
        summary: '因排水问题发生争执',
        amount: 1200.5,
        sourceId: null,
        parties: [
          { role: 'applicant', kind: 'person', name: '张三', phone: '13800138000', idNumber: '11010519491231002X', address: null },
          { role: 'respondent', kind: 'person', name: '李四', phone: null, idNumber: null, address: null },
        ],
      },
    });
    if (m.ok) expect(m.importKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a type by its English name or id; numbers from a workbook cell; a +86 phone and a lower-case x', () => {
    const m = mapped(['Labour and unpaid wages', '欠薪', '王五', '+86 138 0013 8000', '11010519491231002x', '某公司', 300]);
    expect(m).toMatchObject({ ok: true, input: { type: 'labour-wages', amount: 300, parties: [{ phone: '13800138000', idNumber: '11010519491231002X' }, {}] } });
    expect(mapped(['neighbour', ...good.slice(1)]).ok).toBe(true);
  });

  it('hostile cells: markup, control characters, 100,000 characters, unknown type, bad phone and ID, each named by its column', () => {
    const problems = problemsOf(mapped(['<script>alert(1)</script>', 'x'.repeat(100_000), '<img src=x onerror=alert(1)>', '12345', '110105194912310021', '李\u0007四', '-5']));
    const byColumn = Object.fromEntries(problems.map((p) => [p.column, p.message.en]));
    expect(byColumn).toEqual({
      纠纷类型: expect.stringContaining('is not a known dispute type'),
      纠纷简要情况: 'must be at most 5000 characters (has 100000)',
      申请人姓名: 'must not contain HTML tags or scripts',
      申请人电话: expect.stringContaining('invalid phone number'),
      申请人身份证号: expect.stringContaining('invalid resident ID number'),
      被申请人姓名: expect.stringContaining('control characters'),
      '涉及金额（元）': 'must be a number',
    });
    for (const p of problems) expect(p.message.zh).toMatch(/\p{Script=Han}/u);
  });

  it('keeps emoji and other printable text', () => {
    const m = mapped(['邻里纠纷', '楼上漏水 💧 多次沟通无果 😡', '张三', '13800138000', '', '李四', '']);
    expect(m).toMatchObject({ ok: true, input: { summary: '楼上漏水 💧 多次沟通无果 😡', amount: null } });
  });

  it('a cell longer than the limit is refused unread; an ID number Excel stored as a number is explained', () => {
    const long = problemsOf(mapped(['邻里纠纷', 'x'.repeat(rules.limits.maxCellChars + 1), '张三', '13800138000', '', '李四', '']));
    expect(long).toEqual([{ column: '纠纷简要情况', field: 'summary', message: expect.objectContaining({ en: expect.stringContaining('too long') }) }]);
    const asNumber = problemsOf(mapped(['邻里纠纷', '漏水', '张三', '', 110105194912310020, '李四', '']));
    expect(asNumber[0]).toMatchObject({ column: '申请人身份证号', message: { zh: expect.stringContaining('文本格式') } });
  });

  it('an applicant with neither phone nor ID, and required cells left empty', () => {
    const problems = problemsOf(mapped(['', '', '张三', '', '', '', '']));
    expect(problems.map((p) => p.field).sort()).toEqual(['applicantPhone', 'respondentName', 'summary', 'type']);
  });
});

describe('import key', () => {
  it('is the same for the same content however it is spaced or written, and differs when content differs', () => {
    const a = mapped(good);
    const b = mapped([' 邻里纠纷 ', '因排水问题发生争执 ', '张三', '138-0013-8000'.replace(/-/g, ''), '11010519491231002x', '李四', '1200.50']);
    const c = mapped([...good.slice(0, 1), '因排水问题再次发生争执', ...good.slice(2)]);
    if (!a.ok || !b.ok || !c.ok) throw new Error('rows refused');
    expect(b.importKey).toBe(a.importKey);
    expect(c.importKey).not.toBe(a.importKey);
  });

  it('is the source number alone when the sheet has one', () => {
    const header = ['来源编号', ...HEADER];
    const a = mapped(['OLD-1', ...good], header);
    const b = mapped(['OLD-1', ...good.slice(0, 1), '内容改过', ...good.slice(2)], header);
    if (!a.ok || !b.ok) throw new Error('rows refused');
    expect(b.importKey).toBe(a.importKey);
    expect(importKeyOf({ ...a.input, sourceId: 'OLD-2' })).not.toBe(a.importKey);
  });
});

describe('rules file', () => {
  it('a bad entry is named by its field', () => {
    const fail = (path: string, what: string): never => {
      throw new Error(`${path}: ${what}`);
    };
    const raw = { limits: rules.limits, workbook: rules.workbook, columns: rules.columns.map((c) => ({ ...c })) };
    expect(() => parseDisputeImportRules({ ...raw, limits: { ...rules.limits, batchSize: 0 } }, fail)).toThrow('limits.batchSize: must be a whole number');
    expect(() => parseDisputeImportRules({ ...raw, columns: [...raw.columns, { ...raw.columns[0], field: 'nickname' }] }, fail)).toThrow(/columns\[\d+\]\.field: unknown field "nickname"/);
    expect(() => parseDisputeImportRules({ ...raw, columns: raw.columns.filter((c) => c.field !== 'summary') }, fail)).toThrow('columns: the intake needs a column for summary');
    const clash = raw.columns.map((c) => (c.field === 'summary' ? { ...c, headers: [...c.headers, 'Type'] } : c));
    expect(() => parseDisputeImportRules({ ...raw, columns: clash }, fail)).toThrow(/"Type" is already a name of type/);
  });
});
