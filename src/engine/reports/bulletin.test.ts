import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRulesFile } from '../../rules/read-rules-file.ts';
import { type BulletinFigure, changeOf, changePhrase, fillBulletin, parseBulletinTemplate } from './bulletin.ts';

const fail = (path: string, what: string): never => {
  throw new Error(`${path}: ${what}`);
};
const t = (s: string) => ({ zh: s, en: s });
const phrases = { up: t('升{delta}'), down: t('降{delta}'), flat: t('平'), upPoints: t('升{delta}点'), downPoints: t('降{delta}点'), fromZero: t('上期{prev}'), noFigure: t('无') };
const raw = {
  title: t('{region}{period}通报'),
  intro: t('如下'),
  flatBelow: 0.05,
  notableAt: 0.2,
  phrases,
  sections: [{ id: 's', heading: t('一'), sentences: [t('立案{c.n}件，{c.n.change}；'), t('化解率{d.r}，{d.r.change}。')] }],
  notable: { heading: t('关注'), item: t('{label}{change}'), none: t('无波动') },
};
const known = ['c.n', 'd.r', 'e.x'];
const figure = (current: number | null, previous: number | null, format: BulletinFigure['format'] = 'count', label = '立案'): BulletinFigure => ({ current, previous, format, label: t(label) });

describe('parseBulletinTemplate', () => {
  it('reads the template, and the shipped file against its figures', () => {
    expect(parseBulletinTemplate(raw, known, fail).sections).toHaveLength(1);
  });
  it('names a placeholder that is no figure', () => {
    const bad = structuredClone(raw);
    bad.sections[0]!.sentences[1]!.zh = '{d.nope}';
    expect(() => parseBulletinTemplate(bad, known, fail)).toThrow(/sections\[0\]\.sentences\[1\]\.zh: \{d\.nope\} names no figure/);
  });
  it('refuses a threshold that is not a share', () => {
    expect(() => parseBulletinTemplate({ ...raw, notableAt: 'big' }, known, fail)).toThrow(/notableAt/);
  });
  it('the shipped bulletin.yaml uses only its placeholders', () => {
    const { raw: shipped } = readRulesFile(join(import.meta.dirname, '../../../rules/reports/bulletin.yaml'), 'bulletin.yaml');
    expect(() => parseBulletinTemplate(shipped, [], fail)).toThrow(/names no figure/);
  });
});

describe('changes', () => {
  const tpl = parseBulletinTemplate(raw, known, fail);
  it('counts change relatively, rates in points', () => {
    expect(changeOf(figure(15, 12))).toBeCloseTo(0.25);
    expect(changeOf(figure(0.8, 0.7, 'percent'))).toBeCloseTo(0.1);
    expect(changeOf(figure(3, 0))).toBeNull();
    expect(changeOf(figure(0, 0))).toBe(0);
  });
  it('phrases', () => {
    expect(changePhrase(tpl, figure(15, 12), 'zh')).toBe('升25.0%');
    expect(changePhrase(tpl, figure(9, 12), 'zh')).toBe('降25.0%');
    expect(changePhrase(tpl, figure(101, 100), 'zh')).toBe('平');
    expect(changePhrase(tpl, figure(0.8, 0.7, 'percent'), 'zh')).toBe('升10.0点');
    expect(changePhrase(tpl, figure(3, 0), 'zh')).toBe('上期0');
    expect(changePhrase(tpl, figure(null, 3), 'zh')).toBe('无');
  });
});

describe('fillBulletin', () => {
  const tpl = parseBulletinTemplate(raw, known, fail);
  const context = { region: t('示范省'), period: t('2026年3月') };
  it('fills every placeholder and lists the notable changes, largest first', () => {
    const filled = fillBulletin(tpl, { 'c.n': figure(15, 12), 'd.r': figure(0.5, 0.9, 'percent', '化解率') }, context, 'zh');
    expect(filled.title).toBe('示范省2026年3月通报');
    expect(filled.sections[0]!.paragraph).toBe('立案15件，升25.0%；化解率50.0%，降40.0点。');
    expect(filled.notable.items).toEqual(['化解率降40.0点', '立案升25.0%']);
  });
  it('says so when nothing moved', () => {
    const filled = fillBulletin(tpl, { 'c.n': figure(12, 12), 'd.r': figure(0.5, 0.52, 'percent') }, context, 'zh');
    expect(filled.notable.items).toEqual(['无波动']);
  });
});
