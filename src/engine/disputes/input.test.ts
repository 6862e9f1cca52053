import { describe, expect, it } from 'vitest';
import { checkAmount, checkParties, checkText } from './input.ts';

const TODAY = new Date('2026-11-20T00:00:00Z');

describe('checkText', () => {
  it('keeps emoji and Chinese; refuses control characters, markup, blank and over-long text', () => {
    expect(checkText('邻居装修噪音😡，多次协商未果', 'summary', 50)).toBeNull();
    expect(checkText('第一行\n第二行', 'summary', 50, { multiline: true })).toBeNull();
    expect(checkText('第一行\n第二行', 'name', 50)?.message.en).toMatch(/control/);
    expect(checkText('a\u0000b', 'summary', 50, { multiline: true })?.message.en).toMatch(/control/);
    expect(checkText('<script>alert(1)</script>', 'summary', 50)?.message.zh).toMatch(/HTML/);
    expect(checkText('<img src=x onerror=alert(1)>', 'summary', 50)).not.toBeNull();
    expect(checkText('金额 < 5000 且 > 100', 'summary', 50)).toBeNull();
    expect(checkText('   ', 'summary', 50)?.message.en).toMatch(/blank/);
    expect(checkText('字'.repeat(100_000), 'summary', 5000)?.message.en).toBe('must be at most 5000 characters (has 100000)');
    // an emoji outside the BMP counts as one character
    expect(checkText('😀'.repeat(5), 'name', 5)).toBeNull();
    expect(checkText(undefined, 'address', 5, { required: false })).toBeNull();
  });
});

describe('checkParties', () => {
  const ok = [
    { role: 'applicant', kind: 'person', name: '王小明', phone: '13912345678' },
    { role: 'respondent', kind: 'organisation', name: '东州某物业公司' },
  ];
  it('an applicant and a respondent pass', () => {
    expect(checkParties(ok, TODAY)).toEqual([]);
  });
  it('names the field of a wrong phone, a wrong ID and a missing contact', () => {
    expect(checkParties([{ ...ok[0], phone: '12345' }, ok[1]], TODAY).map((p) => p.field)).toEqual(['parties[0].phone']);
    expect(checkParties([{ ...ok[0], idNumber: '110105194912310021' }, ok[1]], TODAY).map((p) => p.field)).toEqual(['parties[0].idNumber']);
    expect(checkParties([{ ...ok[0], phone: undefined }, ok[1]], TODAY).map((p) => p.field)).toEqual(['parties[0].phone']);
  });
  it('both sides are needed', () => {
    expect(checkParties([ok[0]], TODAY)[0]?.message.en).toMatch(/respondent/);
    expect(checkParties([], TODAY)[0]?.field).toBe('parties');
  });
});

describe('checkAmount', () => {
  it('yuan with at most two decimals', () => {
    expect(checkAmount(1234.56, 'amount')).toBeNull();
    expect(checkAmount(0.29, 'amount')).toBeNull();
    expect(checkAmount(1.234, 'amount')).not.toBeNull();
    expect(checkAmount(-1, 'amount')).not.toBeNull();
    expect(checkAmount(Number.NaN, 'amount')).not.toBeNull();
  });
});
