/**
 * The formulas of rules/indicators.yaml: + - * / ( ), decimal numbers and base-metric names, nothing else (no
 * calls, no member access, no assignment: a rules file cannot run code). A tiny recursive-descent parser of our
 * own rather than a library: the language is five operators, and its one rule of its own — a division by zero
 * makes the whole value null (nothing to judge), and null spreads through every operation — is not what the
 * expression libraries do (Infinity / NaN). Pure.
 */

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

type Token = { kind: 'number'; value: number; at: number } | { kind: 'name'; name: string; at: number } | { kind: 'op'; op: string; at: number };

export class FormulaError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)/.exec(src.slice(i));
      if (!m) throw new FormulaError(`a malformed number at ${i + 1}`);
      tokens.push({ kind: 'number', value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[a-z_]/.test(c)) {
      const m = /^[a-z_][a-z0-9_]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'name', name: m[0], at: i });
      i += m[0].length;
    } else if ('+-*/()'.includes(c)) {
      tokens.push({ kind: 'op', op: c, at: i });
      i++;
    } else {
      throw new FormulaError(`"${c}" at ${i + 1} is not allowed (only + - * / ( ), numbers and lower-case names)`);
    }
  }
  return tokens;
}

/** Parses a formula; a FormulaError names what is wrong and where (1-based character). */
export function parseFormula(src: string): Expr {
  if (src.length > 500) throw new FormulaError('longer than 500 characters');
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const expression = (depth: number): Expr => {
    if (depth > 50) throw new FormulaError('nested too deeply');
    let left = term(depth);
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { op: '+' | '-' }).op;
      left = { kind: 'binary', op, left, right: term(depth) };
    }
    return left;
  };
  const term = (depth: number): Expr => {
    let left = factor(depth);
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { op: '*' | '/' }).op;
      left = { kind: 'binary', op, left, right: factor(depth) };
    }
    return left;
  };
  const factor = (depth: number): Expr => {
    const t = tokens[pos++];
    if (!t) throw new FormulaError('ends where a number, a name or "(" is expected');
    if (t.kind === 'number') return { kind: 'number', value: t.value };
    if (t.kind === 'name') return { kind: 'name', name: t.name };
    if (t.op === '-') return { kind: 'negate', operand: factor(depth + 1) };
    if (t.op === '(') {
      const inner = expression(depth + 1);
      if (!isOp(')')) throw new FormulaError(`a ")" is missing for the "(" at ${t.at + 1}`);
      pos++;
      return inner;
    }
    throw new FormulaError(`"${t.op}" at ${t.at + 1} where a number, a name or "(" is expected`);
  };
  const tree = expression(0);
  const rest = peek();
  if (rest) throw new FormulaError(`unexpected ${rest.kind === 'op' ? `"${rest.op}"` : rest.kind === 'name' ? rest.name : rest.value} at ${rest.at + 1}`);
  return tree;
}

/** The names a formula reads. */
export function namesOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'number':
      return [];
    case 'name':
      return [expr.name];
    case 'negate':
      return namesOf(expr.operand);
    case 'binary':
      return [...new Set([...namesOf(expr.left), ...namesOf(expr.right)])];
  }
}

/**
 * The value of a formula over the base metrics; null when a division by zero (or a missing or null metric) leaves
 * nothing to judge.
 */
export function evaluate(expr: Expr, values: Readonly<Record<string, number | null>>): number | null {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'name': {
      const v = Object.hasOwn(values, expr.name) ? values[expr.name] : undefined;
      return v === undefined || v === null || !Number.isFinite(v) ? null : v;
    }
    case 'negate': {
      const v = evaluate(expr.operand, values);
      return v === null ? null : -v;
    }
    case 'binary': {
      const l = evaluate(expr.left, values);
      const r = evaluate(expr.right, values);
      if (l === null || r === null) return null;
      switch (expr.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? null : l / r;
      }
    }
  }
}
