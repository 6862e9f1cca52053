/**
 * The monthly bulletin (月度通报) drafted from templates (rules/reports/bulletin.yaml), no language model: each
 * sentence's placeholders are filled with the month's figures (the reports' totals rows), their previous month's
 * figures and a phrase for the change (up, down, about level); changes past a threshold are listed as notable.
 * Placeholders: {region} {period} {report.column} {report.column.prev} {report.column.change}. Pure.
 */
import { type Fail, bilingual, record, text } from '../rules-data.ts';
import type { ColumnFormat } from './definitions.ts';
import { formatFigure } from './table.ts';

type Text2 = { zh: string; en: string };
type Lang = 'zh' | 'en';

export interface BulletinTemplate {
  title: Text2;
  intro: Text2;
  /** a count whose relative change (a rate whose change in points/100) is below this is "about level" */
  flatBelow: number;
  /** a relative change (a rate: points/100) at or past this is listed under the notable changes */
  notableAt: number;
  phrases: { up: Text2; down: Text2; flat: Text2; upPoints: Text2; downPoints: Text2; fromZero: Text2; noFigure: Text2 };
  sections: { id: string; heading: Text2; sentences: Text2[] }[];
  notable: { heading: Text2; item: Text2; none: Text2 };
}

/** One figure of the bulletin: this period's, the previous period's, how it is printed, its name. */
export interface BulletinFigure {
  current: number | null;
  previous: number | null;
  format: ColumnFormat;
  label: Text2;
}

export interface FilledBulletin {
  title: string;
  intro: string;
  sections: { id: string; heading: string; paragraph: string }[];
  notable: { heading: string; items: string[] };
}

const PLACEHOLDER = /\{([a-z][a-z0-9-]*(?:\.[a-z0-9_]+)*)\}/g;
const PHRASES = ['up', 'down', 'flat', 'upPoints', 'downPoints', 'fromZero', 'noFigure'] as const;

/** Parses the bulletin file; every placeholder must name a figure of `known` (`report.column`) or region/period. */
export function parseBulletinTemplate(raw: unknown, known: readonly string[], fail: Fail): BulletinTemplate {
  const r = record(raw, 'file', ['title', 'intro', 'flatBelow', 'notableAt', 'phrases', 'sections', 'notable'], fail);
  const share = (v: unknown, path: string): number => (typeof v === 'number' && v >= 0 && v <= 10 ? v : fail(path, 'must be a number from 0 to 10 (a share: 0.05 is 5%)'));
  const check = (t: Text2, path: string, extra: readonly string[] = []) => {
    for (const lang of ['zh', 'en'] as const) {
      for (const m of t[lang].matchAll(PLACEHOLDER)) {
        const name = m[1]!;
        const base = name.replace(/\.(prev|change)$/, '');
        if (name === 'region' || name === 'period' || extra.includes(name) || known.includes(base)) continue;
        fail(`${path}.${lang}`, `{${name}} names no figure (figures: ${known.join(', ')})`);
      }
    }
    return t;
  };
  const p = record(r.phrases, 'phrases', PHRASES, fail);
  const phrases = Object.fromEntries(PHRASES.map((k) => [k, check(bilingual(p[k], `phrases.${k}`, fail), `phrases.${k}`, ['delta', 'prev'])])) as BulletinTemplate['phrases'];
  if (!Array.isArray(r.sections) || r.sections.length === 0) fail('sections', 'must be a non-empty list');
  const sections = (r.sections as unknown[]).map((s, i) => {
    const at = `sections[${i}]`;
    const x = record(s, at, ['id', 'heading', 'sentences'], fail);
    if (!Array.isArray(x.sentences) || x.sentences.length === 0) fail(`${at}.sentences`, 'must be a non-empty list');
    return {
      id: text(x.id, `${at}.id`, fail),
      heading: check(bilingual(x.heading, `${at}.heading`, fail), `${at}.heading`),
      sentences: (x.sentences as unknown[]).map((t, j) => check(bilingual(t, `${at}.sentences[${j}]`, fail), `${at}.sentences[${j}]`)),
    };
  });
  const n = record(r.notable, 'notable', ['heading', 'item', 'none'], fail);
  return {
    title: check(bilingual(r.title, 'title', fail), 'title'),
    intro: check(bilingual(r.intro, 'intro', fail), 'intro'),
    flatBelow: share(r.flatBelow, 'flatBelow'),
    notableAt: share(r.notableAt, 'notableAt'),
    phrases,
    sections,
    notable: {
      heading: bilingual(n.heading, 'notable.heading', fail),
      item: check(bilingual(n.item, 'notable.item', fail), 'notable.item', ['label', 'change']),
      none: bilingual(n.none, 'notable.none', fail),
    },
  };
}

function substitute(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** The size of a change: relative for counts and averages, in points (as a share) for rates; null when not comparable. */
export function changeOf(f: Pick<BulletinFigure, 'current' | 'previous' | 'format'>): number | null {
  if (f.current === null || f.previous === null) return null;
  if (f.format === 'percent') return f.current - f.previous;
  if (f.previous === 0) return f.current === 0 ? 0 : null;
  return (f.current - f.previous) / Math.abs(f.previous);
}

/** The phrase for a figure's change against the previous period. */
export function changePhrase(t: BulletinTemplate, f: BulletinFigure, lang: Lang): string {
  if (f.current === null || f.previous === null) return t.phrases.noFigure[lang];
  const prev = formatFigure(f.previous, f.format);
  const change = changeOf(f);
  if (change === null) return substitute(t.phrases.fromZero[lang], { prev });
  if (Math.abs(change) < t.flatBelow) return substitute(t.phrases.flat[lang], { prev });
  const delta = f.format === 'percent' ? (Math.abs(change) * 100).toFixed(1) : `${(Math.abs(change) * 100).toFixed(1)}%`;
  const phrase = f.format === 'percent' ? (change > 0 ? t.phrases.upPoints : t.phrases.downPoints) : change > 0 ? t.phrases.up : t.phrases.down;
  return substitute(phrase[lang], { delta, prev });
}

/** Fills the bulletin in one language from the figures (keyed `report.column`), the region's and the period's names. */
export function fillBulletin(t: BulletinTemplate, figures: Readonly<Record<string, BulletinFigure>>, context: { region: Text2; period: Text2 }, lang: Lang): FilledBulletin {
  const values: Record<string, string> = { region: context.region[lang], period: context.period[lang] };
  for (const [key, f] of Object.entries(figures)) {
    values[key] = formatFigure(f.current, f.format);
    values[`${key}.prev`] = formatFigure(f.previous, f.format);
    values[`${key}.change`] = changePhrase(t, f, lang);
  }
  const used = new Set<string>();
  const sections = t.sections.map((s) => {
    for (const sentence of s.sentences) for (const m of sentence[lang].matchAll(PLACEHOLDER)) used.add(m[1]!.replace(/\.(prev|change)$/, ''));
    return { id: s.id, heading: substitute(s.heading[lang], values), paragraph: s.sentences.map((x) => substitute(x[lang], values)).join(lang === 'zh' ? '' : ' ') };
  });
  // notable: the figures the text speaks of whose change reaches the threshold, largest first
  const notable = [...used]
    .filter((k) => figures[k])
    .map((k) => ({ k, f: figures[k]!, change: changeOf(figures[k]!) }))
    .filter((x) => x.change !== null && Math.abs(x.change) >= t.notableAt)
    .sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!) || a.k.localeCompare(b.k))
    .map((x) => substitute(t.notable.item[lang], { label: x.f.label[lang], change: changePhrase(t, x.f, lang) }));
  return {
    title: substitute(t.title[lang], values),
    intro: substitute(t.intro[lang], values),
    sections,
    notable: { heading: t.notable.heading[lang], items: notable.length ? notable : [t.notable.none[lang]] },
  };
}
