import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { type EvidenceChecklist, parseEvidenceChecklist } from '../engine/evidence/checklists.ts';
import { RULES_DIR } from './load-rules.ts';

const REPO_ROOT = join(RULES_DIR, '..');

/** A path as a reviewer would type it: relative to the repository when inside it (rules/evidence-checklists/x.yaml). */
function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Reads and validates every *.yaml in `dir` (rules/evidence-checklists/) and indexes the checklists by charge id,
 * which is each file's name; a bad file or entry stops the load with the file and field.
 */
export function loadEvidenceChecklists(
  dir: string = join(RULES_DIR, 'evidence-checklists'),
): Map<string, EvidenceChecklist> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new Error(`${displayPath(dir)}: no *.yaml evidence checklists`);
  const index = new Map<string, EvidenceChecklist>();
  for (const file of files) {
    const source = displayPath(join(dir, file));
    let raw: unknown;
    try {
      raw = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${source}: ${(error as Error).message}`);
    }
    // The parser ties the charge id to the file name, so ids are unique across the directory.
    const checklist = parseEvidenceChecklist(raw, source);
    index.set(checklist.charge.id, checklist);
  }
  return index;
}
