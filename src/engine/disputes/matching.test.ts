import { describe, expect, it } from 'vitest';
import { type EarlierMatter, type PartyIdentity, classifyIntake, matterKeys, normaliseName } from './matching.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);
const applicant = (o: Partial<PartyIdentity> = {}): PartyIdentity => ({ role: 'applicant', name: '王小明', phone: '13912345678', idNumber: null, ...o });
const respondent = (o: Partial<PartyIdentity> = {}): PartyIdentity => ({ role: 'respondent', name: '东州某物业公司', phone: null, idNumber: null, ...o });
const shares = (a: string[], b: string[]) => a.some((k) => b.includes(k));

describe('matterKeys', () => {
  it('the same applicant phone, the same respondent and type share a key', () => {
    expect(shares(matterKeys('neighbour', [applicant(), respondent()]), matterKeys('neighbour', [applicant({ name: '王晓明' }), respondent({ name: '东州某物业公司 ' })]))).toBe(true);
  });

  it('an applicant known by ID in one intake and by ID and phone in another is the same', () => {
    const a = matterKeys('family', [applicant({ phone: null, idNumber: '11010519491231002x' }), respondent()]);
    const b = matterKeys('family', [applicant({ phone: '13800000000', idNumber: '11010519491231002X' }), respondent()]);
    expect(shares(a, b)).toBe(true);
  });

  it('another type, another applicant or another respondent is another matter', () => {
    const base = matterKeys('neighbour', [applicant(), respondent()]);
    expect(shares(base, matterKeys('consumer', [applicant(), respondent()]))).toBe(false);
    expect(shares(base, matterKeys('neighbour', [applicant({ phone: '13700000000' }), respondent()]))).toBe(false);
    expect(shares(base, matterKeys('neighbour', [applicant(), respondent({ name: '西川某物业公司' })]))).toBe(false);
  });

  it('landline hyphens and full-width letters do not make another matter', () => {
    expect(shares(matterKeys('x', [applicant({ phone: '010-12345678' }), respondent()]), matterKeys('x', [applicant({ phone: '01012345678' }), respondent()]))).toBe(true);
    expect(normaliseName('ＡＢＣ 公司')).toBe(normaliseName('abc公司'));
  });
});

describe('classifyIntake', () => {
  const windows = { duplicateWithinDays: 30, reopenWithinDays: 90 };
  const earlier = (o: Partial<EarlierMatter>): EarlierMatter => ({ id: 'e', number: '纠2026-000001', open: true, createdAtMs: NOW - DAY, outcome: null, closedAtMs: null, ...o });

  it('an open dispute of the same matter within the window: a duplicate', () => {
    expect(classifyIntake([earlier({})], NOW, windows)).toMatchObject({ kind: 'duplicate', of: { id: 'e' } });
    expect(classifyIntake([earlier({ createdAtMs: NOW - 31 * DAY })], NOW, windows)).toEqual({ kind: 'new' });
  });

  it('resolved within N days: reopened; resolved long ago, withdrawn or not resolved: new', () => {
    expect(classifyIntake([earlier({ open: false, outcome: 'resolved', closedAtMs: NOW - 89 * DAY })], NOW, windows)).toMatchObject({ kind: 'reopen' });
    expect(classifyIntake([earlier({ open: false, outcome: 'resolved', closedAtMs: NOW - 91 * DAY })], NOW, windows)).toEqual({ kind: 'new' });
    expect(classifyIntake([earlier({ open: false, outcome: 'withdrawn', closedAtMs: NOW - DAY })], NOW, windows)).toEqual({ kind: 'new' });
    expect(classifyIntake([earlier({ open: false, outcome: 'not-resolved-referred', closedAtMs: NOW - DAY })], NOW, windows)).toEqual({ kind: 'new' });
  });

  it('a duplicate wins over a reopening', () => {
    const v = classifyIntake([earlier({ id: 'old', open: false, outcome: 'resolved', closedAtMs: NOW - DAY, createdAtMs: NOW - 20 * DAY }), earlier({ id: 'new' })], NOW, windows);
    expect(v).toMatchObject({ kind: 'duplicate', of: { id: 'new' } });
  });
});
