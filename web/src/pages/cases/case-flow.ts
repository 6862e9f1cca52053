// The criminal case flow as the server serves it (GET /api/rules/case-flow, read from rules/case-flow.yaml): the
// names of stages, transitions, scenarios, document kinds and measures in both languages, and who may order each
// measure with the documents it needs. Fetched once for the life of the page and shared by every component; the
// web app keeps no copy of it.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CaseFlowRules } from '../../api/types.ts';

type Entry<K extends keyof CaseFlowRules> = CaseFlowRules[K][number];

/** The flow with each kind of term indexed by id. */
export interface CaseFlow {
  rules: CaseFlowRules;
  documents: ReadonlyMap<string, Entry<'documents'>>;
  stages: ReadonlyMap<string, Entry<'stages'>>;
  scenarios: ReadonlyMap<string, Entry<'scenarios'>>;
  transitions: ReadonlyMap<string, Entry<'transitions'>>;
  measures: ReadonlyMap<string, Entry<'measures'>>;
}

const byId = <T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> => new Map(items.map((i) => [i.id, i]));

export function indexCaseFlow(rules: CaseFlowRules): CaseFlow {
  return {
    rules,
    documents: byId(rules.documents),
    stages: byId(rules.stages),
    scenarios: byId(rules.scenarios),
    transitions: byId(rules.transitions),
    measures: byId(rules.measures),
  };
}

let loaded: CaseFlow | null = null;
let loading: Promise<CaseFlow> | null = null;

/** The flow, from the server the first time and from memory after; a failed fetch is tried again on the next call. */
export function loadCaseFlow(): Promise<CaseFlow> {
  loading ??= api.caseFlow().then(
    (rules) => {
      loaded = indexCaseFlow(rules);
      return loaded;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

export interface CaseFlowState {
  /** Null until loaded (or when loading failed). */
  flow: CaseFlow | null;
  error: unknown;
  retry: () => void;
}

/** The case flow for a component: null at first on a fresh page, then the shared copy. */
export function useCaseFlow(): CaseFlowState {
  const [flow, setFlow] = useState<CaseFlow | null>(loaded);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    if (loaded) {
      setFlow(loaded);
      return;
    }
    let live = true;
    setError(null);
    loadCaseFlow().then(
      (f) => {
        if (live) setFlow(f);
      },
      (err: unknown) => {
        if (live) setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return { flow, error, retry: () => setAttempt((n) => n + 1) };
}
