import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { indexRules, parseTimeLimitRules } from '../engine/clock/rules.ts';
import type { TimeLimitRule } from '../engine/clock/types.ts';
import { RULES_DIR } from './load-rules.ts';

const REPO_ROOT = join(RULES_DIR, '..');

/** A path as a reviewer would type it: relative to the repository when inside it (rules/time-limits/x.yaml). */
function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Reads and validates every *.yaml in `dir` (rules/time-limits/) and indexes the rules by id; a bad file, a bad
 * entry or an id defined twice stops the load with the file and field.
 */
export function loadTimeLimitRules(dir: string = join(RULES_DIR, 'time-limits')): Map<string, TimeLimitRule> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new Error(`${displayPath(dir)}: no *.yaml time-limit files`);
  const sources = files.map((f) => displayPath(join(dir, f)));
  const lists = files.map((file, i) => {
    const source = sources[i]!;
    let raw: unknown;
    try {
      raw = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${source}: ${(error as Error).message}`);
    }
    return parseTimeLimitRules(raw, source);
  });
  return indexRules(lists, sources);
}
