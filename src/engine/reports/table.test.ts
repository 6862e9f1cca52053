import { describe, expect, it } from 'vitest';
import { type ReportDefinition, parseReportDefinitions } from './definitions.ts';
import { formatFigure, shapeReport, totalsByKey } from './table.ts';

const fail = (path: string, what: string): never => {
  throw new Error(`${path}: ${what}`);
};
const t = (s: string) => ({ zh: s, en: s });

const raw = {
  reports: [
    {
      id: 'disputes', zh: '纠纷', en: 'Disputes', audience: 'governance', groupBy: 'unit', groupHeader: t('单位'),
      columns: [
        { id: 'received', zh: '受理', en: 'Received', format: 'count' },
        { id: 'closed', zh: '结案', en: 'Closed', format: 'count' },
        { id: 'resolved', zh: '化解', en: 'Resolved', format: 'count' },
        { id: 'resolution_rate', zh: '化解率', en: 'Rate', format: 'percent', ratio: ['resolved', 'closed'] },
        { id: 'satisfaction', zh: '满意度', en: 'Satisfaction', format: 'decimal', ratio: ['sat_sum', 'sat_n'] },
      ],
      hidden: ['sat_sum', 'sat_n'],
      notes: [{ column: 'resolution_rate', zh: '化解÷结案', en: 'resolved / closed' }],
      source: t('dispute'),
    },
  ],
};
const implemented = { disputes: ['received', 'closed', 'resolved', 'sat_sum', 'sat_n'] };

describe('parseReportDefinitions', () => {
  it('reads a report', () => {
    const [d] = parseReportDefinitions(raw, implemented, fail);
    expect(d!.columns.map((c) => c.id)).toEqual(['received', 'closed', 'resolved', 'resolution_rate', 'satisfaction']);
    expect(d!.totals).toBe(true);
  });
  it('names a field the query does not yield', () => {
    expect(() => parseReportDefinitions(raw, { disputes: ['received', 'closed'] }, fail)).toThrow(/field resolved is not yielded/);
  });
  it('names a ratio over a field that is not raw', () => {
    const bad = structuredClone(raw);
    bad.reports[0]!.columns[3]!.ratio = ['resolved', 'satisfaction'];
    expect(() => parseReportDefinitions(bad, implemented, fail)).toThrow(/columns\[3\]\.ratio: satisfaction is neither/);
  });
  it('refuses a counted report without a definition, and a note on an unknown column', () => {
    expect(() => parseReportDefinitions(raw, { ...implemented, other: [] }, fail)).toThrow(/other is counted but has no definition/);
    const bad = structuredClone(raw);
    bad.reports[0]!.notes[0]!.column = 'nope';
    expect(() => parseReportDefinitions(bad, implemented, fail)).toThrow(/notes\[0\]\.column: nope is not a column/);
  });
  it('refuses an unknown grouping', () => {
    const bad = structuredClone(raw) as { reports: Record<string, unknown>[] };
    bad.reports[0]!.groupBy = 'planet';
    expect(() => parseReportDefinitions(bad, implemented, fail)).toThrow(/groupBy: unknown value "planet"/);
  });
});

describe('shapeReport', () => {
  const [def] = parseReportDefinitions(raw, implemented, fail) as [ReportDefinition];
  const groups = [
    { key: 'a', name: '甲', nameEn: 'A', values: { received: 10, closed: 4, resolved: 3, sat_sum: 9, sat_n: 2 } },
    { key: 'b', name: '乙', nameEn: 'B', values: { received: 5, closed: 0, resolved: 0, sat_sum: 0, sat_n: 0 } },
  ];
  it('works out ratios per row, null over a zero denominator', () => {
    const table = shapeReport(def, groups);
    expect(table.rows[0]!.cells).toEqual([10, 4, 3, 0.75, 4.5]);
    expect(table.rows[1]!.cells).toEqual([5, 0, 0, null, null]);
  });
  it('totals add the raw fields and work the ratios out from the sums', () => {
    const table = shapeReport(def, [...groups, { key: 'c', name: '丙', nameEn: 'C', values: { received: 1, closed: 4, resolved: 1, sat_sum: 3, sat_n: 1 } }]);
    // (3 + 1) / (4 + 4) = 0.5, not the mean of 0.75 and 0.25
    expect(table.totals).toEqual([16, 8, 4, 0.5, 4]);
    expect(totalsByKey(def, table)['disputes.resolution_rate']).toBe(0.5);
  });
  it('no totals row when the report has none; a column left out of the totals is null there', () => {
    expect(shapeReport({ ...def, totals: false }, groups).totals).toBeNull();
    const noTotal = { ...def, columns: def.columns.map((c) => (c.id === 'received' ? { ...c, total: false } : c)) };
    expect(shapeReport(noTotal, groups).totals![0]).toBeNull();
  });
  it('an empty report has zero totals and null rates', () => {
    expect(shapeReport(def, []).totals).toEqual([0, 0, 0, null, null]);
  });
});

describe('formatFigure', () => {
  it.each([
    [0.1234, 'percent', '12.3%'],
    [4.5, 'decimal', '4.50'],
    [12345, 'count', '12,345'],
    [null, 'count', '—'],
  ] as const)('%s as %s', (v, f, out) => {
    expect(formatFigure(v, f)).toBe(out);
  });
});
