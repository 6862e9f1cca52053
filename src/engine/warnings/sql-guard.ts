/**
 * What a warning model's SQL may be: one SELECT that reads the case tables and computes with plain functions.
 * Checked on PostgreSQL's own grammar (libpg-query, the server's parser compiled to WebAssembly) so that a
 * model can neither write, lock, call a function with side effects, read accounts, keys or the audit log, nor
 * read the clock of the database (it must use :now, so that a backtest can run it as of a past moment).
 * Pure after the parser's one-time load at import.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query';

await loadModule();

/** The tables a model may read: the records of cases and their hand-overs, supervision items, and the organisation. */
export const READABLE_TABLES: ReadonlySet<string> = new Set([
  'criminal_case',
  'case_person',
  'case_unit',
  'case_document',
  'case_event',
  'case_clock',
  'transfer',
  'transfer_document',
  'evidence_item',
  'seized_property',
  'property_handover',
  'paper_loan',
  'unit',
  'region',
  'supervision_item',
  'case_record',
  'incident',
  // the governance center's matters (issue 6); their parties and petitioners' personal data are not for models:
  // dispute_party is not readable, and PERSONAL_COLUMNS below are refused wherever they are named
  'dispute',
  'dispute_event',
  'mediation_agreement',
  'petition',
  'petition_unit',
  'grid_event',
  'matter_clock',
]);

/** Columns holding a person's name, phone or ID number: no model reads them (a hit's facts are shown to supervisors). */
export const PERSONAL_COLUMNS: ReadonlySet<string> = new Set([
  'petitioner_name', 'petitioner_phone', 'petitioner_id_number', 'reporter_phone', 'id_number', 'phone',
]);

/** Functions without side effects that models need; now(), random() and the like are left out on purpose. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregates and window functions
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'jsonb_agg',
  'jsonb_object_agg', 'stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop',
  'percentile_cont', 'percentile_disc', 'mode', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist',
  'ntile', 'lag', 'lead', 'first_value', 'last_value',
  // scalar
  'coalesce', 'nullif', 'greatest', 'least', 'abs', 'round', 'floor', 'ceil', 'ceiling', 'trunc', 'sqrt', 'power',
  'lower', 'upper', 'length', 'split_part', 'char_length', 'substr', 'substring', 'left', 'right', 'position', 'concat',
  'date_trunc', 'date_part', 'extract', 'timezone', 'make_interval', 'age', 'to_char',
  'jsonb_build_object', 'jsonb_build_array', 'to_jsonb', 'jsonb_array_length', 'jsonb_array_elements',
  'jsonb_array_elements_text', 'jsonb_typeof', 'jsonb_extract_path_text',
  'array_length', 'cardinality', 'unnest', 'array_position',
]);

export interface SqlProblem {
  message: string;
}

type Node = Record<string, unknown>;

const STATEMENT_KINDS_REFUSED = new Set([
  'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateStmt', 'CreateTableAsStmt', 'DropStmt',
  'AlterTableStmt', 'TruncateStmt', 'CopyStmt', 'GrantStmt', 'CallStmt', 'DoStmt', 'LockStmt', 'VariableSetStmt',
  'TransactionStmt', 'ExplainStmt', 'ExecuteStmt', 'PrepareStmt', 'NotifyStmt', 'ListenStmt', 'VacuumStmt',
]);

/** Named parameters (:name) in the text, found by PostgreSQL's own scanner so that '::' casts and strings stay. */
export function namedParameters(sql: string): { name: string; start: number; end: number }[] {
  let tokens: { start: number; end: number; text: string }[];
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return [];
  }
  const found: { name: string; start: number; end: number }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const colon = tokens[i]!;
    const name = tokens[i + 1]!;
    if (colon.text === ':' && name.start === colon.end && /^[a-z_][a-z0-9_]*$/i.test(name.text)) {
      found.push({ name: name.text, start: colon.start, end: name.end });
    }
  }
  return found;
}

/** The text with each :name replaced by replace(name). */
export function replaceNamedParameters(sql: string, replace: (name: string) => string): string {
  let out = '';
  let at = 0;
  for (const p of namedParameters(sql)) {
    out += sql.slice(at, p.start) + replace(p.name);
    at = p.end;
  }
  return out + sql.slice(at);
}

const fnName = (funcname: unknown): string[] =>
  Array.isArray(funcname) ? funcname.map((n) => String(((n as Node).String as Node | undefined)?.sval ?? '')) : [];

/**
 * The problems of a model's SQL (empty: it may run). `sql` has its named parameters already replaced by
 * positional ones ($1, $2 …). `required` are the output columns every model gives.
 */
export function checkModelSql(sql: string, required: readonly string[]): SqlProblem[] {
  let ast: { stmts: { stmt: Node }[] };
  try {
    ast = parseSync(sql) as { stmts: { stmt: Node }[] };
  } catch (error) {
    const e = error as Error & { sqlDetails?: { cursorPosition?: number } };
    const at = e.sqlDetails?.cursorPosition;
    return [{ message: `SQL syntax error: ${e.message}${at === undefined ? '' : ` (at character ${at + 1})`}` }];
  }
  if (ast.stmts.length !== 1) return [{ message: `must be exactly one statement (found ${ast.stmts.length})` }];
  const top = ast.stmts[0]!.stmt;
  if (!('SelectStmt' in top)) return [{ message: `must be a SELECT (found ${Object.keys(top)[0]})` }];

  const problems: SqlProblem[] = [];
  const cteNames = new Set<string>();
  const relations: { name: string; schema: string | null }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value as Node)) {
      if (STATEMENT_KINDS_REFUSED.has(key)) problems.push({ message: `may only read: ${key.replace(/Stmt$/, '').toUpperCase()} is not allowed` });
      else if (key === 'CommonTableExpr') cteNames.add(String((child as Node).ctename));
      else if (key === 'RangeVar') relations.push({ name: String((child as Node).relname), schema: (child as Node).schemaname === undefined ? null : String((child as Node).schemaname) });
      else if (key === 'lockingClause') problems.push({ message: 'may not lock rows (FOR UPDATE / FOR SHARE)' });
      else if (key === 'intoClause') problems.push({ message: 'may not create a table (SELECT INTO)' });
      else if (key === 'FuncCall') {
        const parts = fnName((child as Node).funcname);
        const name = parts.at(-1) ?? '';
        const schema = parts.length > 1 ? parts[0] : null;
        if (!ALLOWED_FUNCTIONS.has(name) || (schema !== null && schema !== 'pg_catalog')) {
          problems.push({ message: `function ${parts.join('.')}() is not allowed (use :now for the moment of evaluation; allowed: ${[...ALLOWED_FUNCTIONS].sort().join(', ')})` });
        }
      } else if (key === 'ColumnRef') {
        // a column is named: never a person's name, phone or ID number, and never all of a row's columns at once
        const fields = ((child as Node).fields as Node[] | undefined) ?? [];
        const last = fields.at(-1);
        if (last && 'A_Star' in last) problems.push({ message: 'must name the columns it reads (no *): a row may hold personal data' });
        const column = String(((last?.String as Node | undefined)?.sval as string | undefined) ?? '');
        if (PERSONAL_COLUMNS.has(column)) problems.push({ message: `may not read ${column}: models never read a person's name, phone or ID number` });
      } else if (key === 'SQLValueFunction') {
        problems.push({ message: 'CURRENT_DATE / CURRENT_TIMESTAMP / LOCALTIMESTAMP are not allowed: use :now, the moment of evaluation' });
      }
      walk(child);
    }
  };
  walk(top);
  // relations once the walk is done, so that every CTE name is known wherever it is used
  for (const { name, schema } of relations) {
    const readable = schema === null ? READABLE_TABLES.has(name) || cteNames.has(name) : schema === 'public' && READABLE_TABLES.has(name);
    if (!readable) problems.push({ message: `table ${schema ? `${schema}.` : ''}${name} may not be read (readable: ${[...READABLE_TABLES].sort().join(', ')})` });
  }

  const columns = outputColumns(top.SelectStmt as Node);
  if (columns) {
    const missing = required.filter((c) => !columns.includes(c));
    if (missing.length) problems.push({ message: `must select the columns ${required.join(', ')} (missing: ${missing.join(', ')})` });
  }
  const unique = new Map<string, SqlProblem>();
  for (const p of problems) unique.set(p.message, p);
  return [...unique.values()];
}

/** The names of a SELECT's output columns (of its first branch for UNION); null when one cannot be named. */
function outputColumns(select: Node): string[] | null {
  if (select.op && select.op !== 'SETOP_NONE') return outputColumns((select.larg as Node) ?? {});
  const targets = select.targetList as { ResTarget: Node }[] | undefined;
  if (!targets) return null;
  return targets.map((t) => {
    const rt = t.ResTarget;
    if (typeof rt.name === 'string') return rt.name;
    const ref = (rt.val as Node | undefined)?.ColumnRef as Node | undefined;
    const last = (ref?.fields as Node[] | undefined)?.at(-1) as Node | undefined;
    return String((last?.String as Node | undefined)?.sval ?? '*');
  });
}
