import { describe, expect, it } from 'vitest';
import { checkConsent, checkFormTexts, matchesPhoneLast4, submissionText } from './forms.ts';

describe('the citizens\' forms', () => {
  it('text is kept as typed or refused with the field named: emoji kept, markup, control characters and length refused', () => {
    expect(checkFormTexts([{ field: 'content', value: '楼道堆物😡\n多次反映', max: 20, multiline: true }])).toEqual([]);
    const problems = checkFormTexts([
      { field: 'a', value: '<script>alert(1)</script>', max: 100 },
      { field: 'b', value: 'x\u0000y', max: 100 },
      { field: 'c', value: '长'.repeat(101), max: 100 },
      { field: 'd', value: '', max: 100 },
      { field: 'e', value: '', max: 100, required: false },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['a', 'b', 'c', 'd']);
    expect(problems[2]!.message.en).toContain('at most 100');
  });

  it('consent is true, nothing else', () => {
    expect(checkConsent(true)).toBeNull();
    for (const v of [false, 'true', 1, undefined]) expect(checkConsent(v)?.field).toBe('consent');
  });

  it('a submission is the same whatever the order of its fields or the spaces around them, and new on another day', () => {
    const a = submissionText('petition', '2026-03-02', { subject: '补偿', petitioner: { name: '张三 ', phone: '13900001111' } });
    const b = submissionText('petition', '2026-03-02', { petitioner: { phone: '13900001111', name: '张三' }, subject: ' 补偿' });
    expect(a).toBe(b);
    expect(submissionText('petition', '2026-03-03', { subject: '补偿', petitioner: { name: '张三', phone: '13900001111' } })).not.toBe(a);
    expect(submissionText('dispute', '2026-03-02', { subject: '补偿', petitioner: { name: '张三', phone: '13900001111' } })).not.toBe(a);
  });

  it('the four digits match one of the phones given, exactly', () => {
    expect(matchesPhoneLast4(['1111', '2345'], '2345')).toBe(true);
    expect(matchesPhoneLast4(['2345'], '345')).toBe(false);
    expect(matchesPhoneLast4([null], '0000')).toBe(false);
    expect(matchesPhoneLast4([], '2345')).toBe(false);
  });
});
