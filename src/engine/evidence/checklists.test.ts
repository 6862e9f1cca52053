import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadEvidenceChecklists } from '../../rules/load-evidence-checklists.ts';
import { EVIDENCE_CATEGORIES, type EvidenceChecklist, missingEvidence, parseEvidenceChecklist } from './checklists.ts';

const SRC = 'rules/evidence-checklists/theft.yaml';

const CHARGES = ['theft', 'fraud', 'telecom-fraud', 'intentional-injury', 'drunk-driving', 'drug-trafficking'];
/** Items every charge's list holds under the same id, so a case's evidence can be matched across charges. */
const COMMON_ITEMS = ['identity-documents', 'arrival-record', 'criminal-record-check'];

const item = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: { zh: `证据${id}`, en: `Evidence ${id}` },
  category: 'documentary-evidence',
  required: true,
  ...over,
});

const ok = (): Record<string, unknown> => ({
  charge: { id: 'theft', name: { zh: '盗窃罪', en: 'Theft' }, basis: [{ law: '刑法', article: '264' }] },
  sources: [{ title: '最高人民法院 最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释', ref: '法释〔2013〕8号', year: 2013 }],
  items: [
    item('identity-documents'),
    item('victim-statement', { category: 'victim-statement' }),
    item('suspect-statement', { category: 'suspect-statement', note: '供述和辩解' }),
    item('price-determination', { category: 'expert-opinion', when: '被盗财物价值需要认定时' }),
    item('restitution', { required: false }),
  ],
});

/** `ok()` with its fourth item (items[3], id price-determination) changed by `over`. */
const withItem = (over: Record<string, unknown>) => {
  const doc = ok();
  const items = [...(doc.items as Record<string, unknown>[])];
  items[3] = { ...items[3], ...over };
  return { ...doc, items };
};
const parse = (doc: unknown, source = SRC) => () => parseEvidenceChecklist(doc, source);

describe('parseEvidenceChecklist', () => {
  it('accepts a valid checklist and keeps its fields', () => {
    const list = parseEvidenceChecklist(ok(), SRC);
    expect(list).toEqual(ok());
    expect(list.items[3]!.when).toBe('被盗财物价值需要认定时');
  });

  it('names the file, the item (index and id) and the field of a bad item', () => {
    const at = `${SRC}: items[3] (price-determination)`;
    expect(parse(withItem({ category: 'hearsay' }))).toThrow(`${at}.category: unknown value "hearsay" (one of physical-evidence,`);
    expect(parse(withItem({ category: undefined }))).toThrow(`${at}.category: unknown value undefined`);
    expect(parse(withItem({ required: 'yes' }))).toThrow(`${at}.required: must be true or false`);
    expect(parse(withItem({ required: undefined }))).toThrow(`${at}.required: must be true or false`);
    expect(parse(withItem({ weight: 2 }))).toThrow(`${at}.weight: unknown field (known: id, name, category, required, when, note)`);
    expect(parse(withItem({ id: 'Price Determination' }))).toThrow(
      `${SRC}: items[3] (Price Determination).id: "Price Determination" must be lower-case words joined by "-"`,
    );
    expect(parse(withItem({ id: undefined }))).toThrow(`${SRC}: items[3].id: must be a non-empty string`);
    expect(parse(withItem({ name: { zh: '价格认定' } }))).toThrow(`${at}.name.en: must be a non-empty string`);
    expect(parse(withItem({ when: '' }))).toThrow(`${at}.when: must be a non-empty string`);
    expect(parse(withItem({ required: false }))).toThrow(`${at}.when: is given only for a required item (required: true)`);
    expect(parse(withItem({ note: 3 }))).toThrow(`${at}.note: must be a non-empty string`);
    const notMapping = { ...ok(), items: [item('a'), 'victim-statement'] };
    expect(parse(notMapping)).toThrow(`${SRC}: items[1]: must be a mapping`);
  });

  it('refuses an item id given twice, naming both places', () => {
    expect(parse(withItem({ id: 'victim-statement' }))).toThrow(
      `${SRC}: items[3] (victim-statement).id: duplicate id, already at items[1]`,
    );
  });

  it('checks the charge: fields, id format, basis, and the id equal to the file name', () => {
    const charge = (over: Record<string, unknown>) => ({ ...ok(), charge: { ...(ok().charge as object), ...over } });
    expect(parse(charge({ id: 'fraud' }))).toThrow(`${SRC}: charge (fraud).id: must equal the file name "theft"`);
    expect(parse(ok(), 'rules/evidence-checklists/fraud.yaml')).toThrow(
      'rules/evidence-checklists/fraud.yaml: charge (theft).id: must equal the file name "fraud"',
    );
    expect(parse(charge({ id: 'Theft_Case' }))).toThrow(`${SRC}: charge (Theft_Case).id: "Theft_Case" must be lower-case`);
    expect(parse(charge({ article: '264' }))).toThrow(`${SRC}: charge (theft).article: unknown field`);
    expect(parse(charge({ basis: [] }))).toThrow(`${SRC}: charge (theft).basis: must be a non-empty list`);
    expect(parse(charge({ basis: [{ law: '刑法', article: 264 }] }))).toThrow(
      `${SRC}: charge (theft).basis[0].article: must be a non-empty string (quote numbers: "91")`,
    );
    expect(parse(charge({ name: { zh: '盗窃罪', en: '' } }))).toThrow(`${SRC}: charge (theft).name.en: must be a non-empty string`);
    // a source that names no .yaml file (an inline document) is not tied to a file name
    expect(parseEvidenceChecklist({ ...ok(), charge: { ...(ok().charge as object), id: 'fraud' } }, 'inline').charge.id).toBe('fraud');
  });

  it('checks the sources and the document', () => {
    const source = (over: Record<string, unknown>) => ({ ...ok(), sources: [{ ...(ok().sources as object[])[0], ...over }] });
    expect(parse(source({ year: '2013' }))).toThrow(`${SRC}: sources[0].year: must be a year between 1979 and 2100`);
    expect(parse(source({ year: 13 }))).toThrow(`${SRC}: sources[0].year: must be a year`);
    expect(parse(source({ title: ' ' }))).toThrow(`${SRC}: sources[0].title: must be a non-empty string`);
    expect(parse(source({ url: 'https://example.org' }))).toThrow(`${SRC}: sources[0].url: unknown field (known: title, ref, year, note)`);
    expect(parse({ ...ok(), sources: [] })).toThrow(`${SRC}: sources: must be a non-empty list`);
    expect(parse({ ...ok(), items: undefined })).toThrow(`${SRC}: items: must be a non-empty list`);
    expect(parse({ ...ok(), charge: undefined })).toThrow(`${SRC}: charge: must be a mapping`);
    expect(parse({ ...ok(), checklist: [] })).toThrow(`${SRC}: (top level).checklist: unknown field (known: charge, sources, items)`);
    expect(parse(null)).toThrow(`${SRC}: (top level): must be a mapping`);
  });
});

describe('missingEvidence', () => {
  const list = (): EvidenceChecklist => parseEvidenceChecklist(ok(), SRC);
  const ids = (specs: { id: string }[]) => specs.map((s) => s.id);

  it('reports required items not present as missing and conditional ones as to confirm, in checklist order', () => {
    const gap = missingEvidence(list(), new Set());
    expect(ids(gap.missing)).toEqual(['identity-documents', 'victim-statement', 'suspect-statement']);
    expect(ids(gap.toConfirm)).toEqual(['price-determination']);
  });

  it('reports nothing when every required and conditional item is present; optional items never count', () => {
    const gap = missingEvidence(
      list(),
      new Set(['identity-documents', 'victim-statement', 'suspect-statement', 'price-determination']),
    );
    expect(gap).toEqual({ missing: [], toConfirm: [] });
  });

  it('drops what is present, ignores ids the checklist does not know, and returns the specs themselves', () => {
    const checklist = list();
    const gap = missingEvidence(checklist, new Set(['victim-statement', 'price-determination', 'no-such-item']));
    expect(ids(gap.missing)).toEqual(['identity-documents', 'suspect-statement']);
    expect(gap.toConfirm).toEqual([]);
    expect(gap.missing[1]).toBe(checklist.items[2]);
  });

  it('on a shipped checklist: drunk driving without the blood appraisal is blocked, naming it', () => {
    const drunk = loadEvidenceChecklists().get('drunk-driving')!;
    const unconditional = drunk.items.filter((s) => s.required && s.when === undefined).map((s) => s.id);
    const present = new Set(unconditional.filter((id) => id !== 'blood-alcohol-appraisal'));
    const gap = missingEvidence(drunk, present);
    expect(ids(gap.missing)).toEqual(['blood-alcohol-appraisal']);
    expect(gap.missing[0]!.category).toBe('expert-opinion');
    expect(ids(gap.toConfirm)).toContain('accident-determination');
    expect(missingEvidence(drunk, new Set(unconditional)).missing).toEqual([]);
  });
});

describe('the shipped checklists (rules/evidence-checklists/)', () => {
  const lists = loadEvidenceChecklists();

  it('load, one per charge, keyed by charge id', () => {
    expect([...lists.keys()].sort()).toEqual([...CHARGES].sort());
  });

  it.each(CHARGES)('%s: at least 8 items, at least 4 unconditionally required, the common items, sources', (id) => {
    const list = lists.get(id)!;
    expect(list.charge.id).toBe(id);
    expect(list.items.length).toBeGreaterThanOrEqual(8);
    expect(list.items.filter((s) => s.required && s.when === undefined).length).toBeGreaterThanOrEqual(4);
    for (const common of COMMON_ITEMS) {
      const spec = list.items.find((s) => s.id === common);
      expect(spec, `${id} lacks ${common}`).toBeDefined();
      expect(spec!.required && spec!.when === undefined, `${id}: ${common} must be unconditionally required`).toBe(true);
    }
    expect(list.charge.basis.some((b) => b.law === '刑法')).toBe(true);
    expect(list.sources.length).toBeGreaterThanOrEqual(2);
    for (const spec of list.items) expect(EVIDENCE_CATEGORIES).toContain(spec.category);
  });

  it('give a shared item the same name in every list', () => {
    const names = new Map<string, Set<string>>();
    for (const list of lists.values()) {
      for (const spec of list.items.filter((s) => COMMON_ITEMS.includes(s.id))) {
        names.set(spec.id, (names.get(spec.id) ?? new Set()).add(spec.name.en));
      }
    }
    for (const [id, en] of names) expect(en.size, `${id}: ${[...en].join(' / ')}`).toBe(1);
  });
});

describe('loadEvidenceChecklists on a directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caselink-evidence-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes by charge id and names the file of a bad entry, of unparsable YAML, and of a misnamed file', () => {
    expect(() => loadEvidenceChecklists(dir)).toThrow('no *.yaml evidence checklists');
    writeFileSync(join(dir, 'theft.yaml'), stringify(ok()));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect([...loadEvidenceChecklists(dir).keys()]).toEqual(['theft']);

    writeFileSync(join(dir, 'fraud.yaml'), stringify(ok()));
    expect(() => loadEvidenceChecklists(dir)).toThrow(`${join(dir, 'fraud.yaml')}: charge (theft).id: must equal the file name "fraud"`);
    rmSync(join(dir, 'fraud.yaml'));

    writeFileSync(join(dir, 'theft.yaml'), stringify(withItem({ category: 'rumour' })));
    expect(() => loadEvidenceChecklists(dir)).toThrow(`${join(dir, 'theft.yaml')}: items[3] (price-determination).category: unknown value`);

    writeFileSync(join(dir, 'theft.yaml'), 'charge: [unclosed');
    expect(() => loadEvidenceChecklists(dir)).toThrow(`${join(dir, 'theft.yaml')}: `);
  });
});
