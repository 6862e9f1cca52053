import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Fail } from '../engine/rules-data.ts';

/** A rules file read and parsed, with the `fail` its validation throws through (naming the file and the field). */
export interface RulesFile {
  raw: unknown;
  fail: Fail;
}

/** Reads one YAML rules file; `source` is the name errors give it (e.g. rules/governance/grid-events.yaml). */
export function readRulesFile(file: string, source: string): RulesFile {
  const fail: Fail = (path, what) => {
    throw new Error(`${source}: ${path}: ${what}`);
  };
  try {
    return { raw: parse(readFileSync(file, 'utf8')), fail };
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}
