/**
 * One row of an imported sheet to the input of a dispute intake, or to the reasons it cannot be one. The
 * header row names the columns (rules/governance/dispute-import.yaml); each later row is checked with the same
 * checks as an intake typed in by hand (src/engine/disputes/input.ts), so an import accepts nothing the form
 * would refuse. Pure.
 */
import { sm3Hex } from '../../shared/sm3.ts';
import { DISPUTE_LIMITS, type PartyInput, type Problem, checkAmount, checkParties, checkText } from '../disputes/input.ts';
import { type ImportColumn, type ImportField, normaliseHeader } from './import-rules.ts';

/** A cell as a reader gives it: CSV gives text; a workbook may give numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** the row number as the sheet shows it (the header is row 1 when it is the first line) */
  row: number;
  cells: Cell[];
}

export interface ColumnMap {
  /** the cell index of each field the sheet has */
  index: Partial<Record<ImportField, number>>;
  /** the header of each field as the sheet writes it, for the report */
  header: Partial<Record<ImportField, string>>;
  /** headers of columns the import does not know, ignored */
  ignored: string[];
}

export type HeaderResult =
  | { ok: true; map: ColumnMap }
  | { ok: false; missing: ImportColumn[]; duplicated: { field: ImportField; headers: string[] }[] };

export interface DisputeImportInput {
  /** the dispute type's id (dispute-types.yaml) */
  type: string;
  summary: string;
  amount: number | null;
  /** the applicant first, then the respondent */
  parties: PartyInput[];
  sourceId: string | null;
}

export interface RowProblem {
  /** the column as the sheet names it (null for a problem of the whole row) */
  column: string | null;
  field: string;
  message: { zh: string; en: string };
}

export type MappedRow =
  | { row: number; ok: true; input: DisputeImportInput; importKey: string }
  | { row: number; ok: false; problems: RowProblem[] };

export interface DisputeTypeName {
  id: string;
  name: { zh: string; en: string };
}

export interface MapContext {
  /** from typeIndex(): a type named by its id, Chinese or English name */
  types: ReadonlyMap<string, string>;
  today: Date;
  maxCellChars: number;
}

/** The lookup of a 纠纷类型 cell: the type's id, Chinese and English names, compared as headers are. */
export function typeIndex(types: Iterable<DisputeTypeName>): Map<string, string> {
  const index = new Map<string, string>();
  for (const t of types) for (const name of [t.id, t.name.zh, t.name.en]) index.set(normaliseHeader(name), t.id);
  return index;
}

/** Finds each known column in the header row; a required column missing or a field named twice is refused. */
export function mapHeader(cells: readonly Cell[], columns: readonly ImportColumn[]): HeaderResult {
  const byHeader = new Map<string, ImportColumn>();
  for (const c of columns) for (const h of c.headers) byHeader.set(normaliseHeader(h), c);
  const index: ColumnMap['index'] = {};
  const header: ColumnMap['header'] = {};
  const ignored: string[] = [];
  const seen = new Map<ImportField, string[]>();
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (text === '') return;
    const column = byHeader.get(normaliseHeader(text));
    if (column === undefined) {
      ignored.push(text);
      return;
    }
    seen.set(column.field, [...(seen.get(column.field) ?? []), text]);
    if (index[column.field] === undefined) {
      index[column.field] = i;
      header[column.field] = text;
    }
  });
  const missing = columns.filter((c) => c.required && index[c.field] === undefined);
  const duplicated = [...seen].filter(([, headers]) => headers.length > 1).map(([field, headers]) => ({ field, headers }));
  if (missing.length > 0 || duplicated.length > 0) return { ok: false, missing, duplicated };
  return { ok: true, map: { index, header, ignored } };
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** A cell as text: trimmed; a number in its shortest form; a date as its calendar day. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
}

const PARTY_FIELDS: Record<string, Record<string, ImportField>> = {
  'parties[0]': { name: 'applicantName', kind: 'applicantKind', phone: 'applicantPhone', idNumber: 'applicantIdNumber', address: 'applicantAddress' },
  'parties[1]': { name: 'respondentName', kind: 'respondentKind', phone: 'respondentPhone', idNumber: 'respondentIdNumber', address: 'respondentAddress' },
};

const PERSON = new Set(['', '自然人', '个人', 'person', 'individual']);
const ORGANISATION = new Set(['组织', '单位', '法人', '法人或其他组织', 'organisation', 'organization', 'company']);

/** Maps one data row. Every problem of the row is given, each with the column as the sheet names it. */
export function mapRow(sheetRow: SheetRow, map: ColumnMap, ctx: MapContext): MappedRow {
  const problems: RowProblem[] = [];
  const problem = (field: ImportField | string, message: Problem['message']) => {
    const column = (map.header as Record<string, string | undefined>)[field] ?? null;
    problems.push({ column, field, message });
  };
  const raw = (field: ImportField): Cell => {
    const i = map.index[field];
    return i === undefined ? null : (sheetRow.cells[i] ?? null);
  };
  const tooLong = new Set<ImportField>();
  for (const field of Object.keys(map.index) as ImportField[]) {
    const cell = raw(field);
    if (typeof cell === 'string' && cell.length > ctx.maxCellChars) {
      tooLong.add(field);
      problem(field, { zh: `内容过长（超过 ${ctx.maxCellChars} 个字符），未予读取`, en: `is too long (over ${ctx.maxCellChars} characters) and was not read` });
    }
  }
  const text = (field: ImportField): string => (tooLong.has(field) ? '' : cellText(raw(field)));

  const typeText = text('type');
  const type = typeText === '' ? null : (ctx.types.get(normaliseHeader(typeText)) ?? null);
  if (!tooLong.has('type')) {
    if (typeText === '') problem('type', { zh: '必须填写', en: 'is required' });
    // the cell is not echoed: the report may be shown where the sheet's author should not place markup
    else if (type === null) problem('type', { zh: '不是已知的纠纷类型（名称或代码见 dispute-types.yaml）', en: 'is not a known dispute type (names and ids in dispute-types.yaml)' });
  }

  const summary = text('summary');
  if (!tooLong.has('summary')) {
    const p = checkText(summary, 'summary', DISPUTE_LIMITS.summary, { multiline: true });
    if (p) problem('summary', p.message);
  }

  let amount: number | null = null;
  const amountCell = raw('amount');
  if (!tooLong.has('amount') && cellText(amountCell) !== '') {
    amount = typeof amountCell === 'number' ? amountCell : parseAmount(cellText(amountCell));
    const p = amount === null ? { message: { zh: '金额须为数字', en: 'must be a number' } } : checkAmount(amount, 'amount');
    if (p) problem('amount', p.message);
  }

  const parties: PartyInput[] = [];
  for (const [role, prefix] of [['applicant', 'parties[0]'], ['respondent', 'parties[1]']] as const) {
    const f = PARTY_FIELDS[prefix]!;
    const kindText = text(f.kind!).normalize('NFKC').toLowerCase();
    let kind: PartyInput['kind'] = 'person';
    if (ORGANISATION.has(kindText)) kind = 'organisation';
    else if (!PERSON.has(kindText)) problem(f.kind!, { zh: '须为“自然人”或“组织”', en: 'must be "person" or "organisation"' });
    const idCell = raw(f.idNumber!);
    if (typeof idCell === 'number' && Math.abs(idCell) > Number.MAX_SAFE_INTEGER) {
      problem(f.idNumber!, {
        zh: '证件号码在 Excel 中被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写',
        en: 'the ID number was stored as a number in Excel and its last digits are lost; format the column as text and enter it again',
      });
    }
    parties.push({
      role,
      kind,
      name: text(f.name!),
      phone: orNull(normalisePhone(text(f.phone!))),
      idNumber: orNull(text(f.idNumber!).normalize('NFKC').replace(/\s/g, '').toUpperCase()),
      address: orNull(text(f.address!)),
    });
  }
  const partyProblems = checkParties(parties, ctx.today);
  for (const p of partyProblems) {
    const [prefix, sub] = p.field.split('.') as [string, string | undefined];
    const field = sub === undefined ? 'parties' : (PARTY_FIELDS[prefix]?.[sub] ?? p.field);
    if (!tooLong.has(field as ImportField) && !problems.some((q) => q.field === field)) problem(field, p.message);
  }

  const sourceText = text('sourceId');
  if (!tooLong.has('sourceId') && sourceText !== '') {
    const p = checkText(sourceText, 'sourceId', 64);
    if (p) problem('sourceId', p.message);
  }

  if (problems.length > 0 || type === null) return { row: sheetRow.row, ok: false, problems };
  const input: DisputeImportInput = { type, summary, amount, parties, sourceId: orNull(sourceText) };
  return { row: sheetRow.row, ok: true, input, importKey: importKeyOf(input) };
}

/**
 * The key that makes a re-import store nothing twice: the sheet's own source number when it has one, else the
 * SM3 of the row's content with names, numbers and spaces normalised (so re-saving the sheet does not change it).
 */
export function importKeyOf(input: DisputeImportInput): string {
  if (input.sourceId !== null) return sm3Hex(`dispute-import\nsource\n${input.sourceId.normalize('NFKC').trim()}`);
  const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/gu, ' ').trim();
  const content = [
    input.type,
    norm(input.summary),
    input.amount === null ? '' : input.amount.toFixed(2),
    ...input.parties.flatMap((p) => [p.role, p.kind, norm(p.name), norm(p.phone).replace(/-/g, ''), norm(p.idNumber).toUpperCase(), norm(p.address)]),
  ];
  return sm3Hex(`dispute-import\nrow\n${JSON.stringify(content)}`);
}

/** A phone as typed: full-width digits, spaces and a +86 / 0086 prefix are tidied; the format is then checked. */
function normalisePhone(s: string): string {
  const t = s.normalize('NFKC').replace(/[\s()]/g, '');
  return t.replace(/^(?:\+86|0086)-?(?=1\d{10}$)/, '');
}

function parseAmount(s: string): number | null {
  const t = s.normalize('NFKC').replace(/[,\s]/g, '').replace(/^[¥￥]/u, '').replace(/元$/u, '');
  return /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : null;
}

function orNull(s: string): string | null {
  return s === '' ? null : s;
}
