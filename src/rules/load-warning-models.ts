import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { ModelDefinitionError, type WarningModel, parseWarningModel } from '../engine/warnings/model.ts';
import { RULES_DIR } from './load-rules.ts';

const REPO_ROOT = join(RULES_DIR, '..');
export const WARNING_MODELS_DIR = join(RULES_DIR, 'warning-models');

/** A definition refused at load: the other models keep running. */
export interface RefusedModel {
  source: string;
  field: string;
  problem: string;
}

export interface WarningModels {
  models: Map<string, WarningModel>;
  refused: RefusedModel[];
}

function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Reads every *.yaml of `dir` (rules/warning-models/), one model per file named by its id. A file that does not
 * parse or validate is refused with its file and field named; the others load.
 */
export function loadWarningModels(dir: string = WARNING_MODELS_DIR): WarningModels {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const models = new Map<string, WarningModel>();
  const refused: RefusedModel[] = [];
  for (const file of files) {
    const source = displayPath(join(dir, file));
    try {
      let raw: unknown;
      try {
        raw = parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        throw new ModelDefinitionError(source, '(file)', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      }
      const model = parseWarningModel(raw, source, file.slice(0, -'.yaml'.length));
      models.set(model.id, model);
    } catch (error) {
      if (!(error instanceof ModelDefinitionError)) throw error;
      refused.push({ source: error.source, field: error.field, problem: error.problem });
    }
  }
  return { models, refused };
}
