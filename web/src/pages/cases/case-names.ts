// Names of the case flow's vocabulary (stages, transitions, scenarios, measures, document kinds) in the current
// language, from the flow the server serves (case-flow.ts); until it has loaded, from what the case page itself
// said, then the id. Roles, charges and units are named here too.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Bilingual, Unit } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { type CaseFlow, useCaseFlow } from './case-flow.ts';

export interface CaseNames {
  /** The flow itself (null while it loads), for components that list its terms. */
  flow: CaseFlow | null;
  stage: (id: string, server?: Partial<Bilingual>) => string;
  transition: (id: string, server?: Partial<Bilingual>) => string;
  scenario: (id: string, server?: Partial<Bilingual>) => string;
  measure: (id: string) => string;
  personRole: (role: string) => string;
  documentKind: (kind: string, server?: Bilingual) => string;
  charge: (charge: string, server?: Bilingual | null) => string;
  /** A unit's name: the server gives Chinese; in English the unit's English name once it has been looked up. */
  unit: (id: string | null, zhName: string | null) => string;
}

export function useCaseNames(): CaseNames {
  const { t, lang, pick } = useI18n();
  const { flow } = useCaseFlow();
  const unit = useUnitName();
  const c = t.cases;
  const zh = lang === 'zh-CN';
  const term = (known: Bilingual | undefined, id: string, server?: Partial<Bilingual>) =>
    known ? pick(known) : (zh ? server?.zh : server?.en) || id;
  return {
    flow,
    stage: (id, server) => term(flow?.stages.get(id), id, server),
    transition: (id, server) => term(flow?.transitions.get(id), id, server),
    scenario: (id, server) => term(flow?.scenarios.get(id), id, server),
    measure: (id) => term(flow?.measures.get(id), id),
    personRole: (role) => (c.personRole as Record<string, string>)[role] ?? role,
    documentKind: (kind, server) =>
      kind === 'other' ? c.otherDocumentKind : term(flow?.documents.get(kind), kind, server),
    charge: (charge, server) => (server ? pick(server) : (c.charge[charge] ?? charge)),
    unit,
  };
}

// Units looked up by id for their English names, for the life of the page (the directory changes rarely).
const unitCache = new Map<string, Unit | null>();
const unitWaiters = new Set<() => void>();

function lookUpUnit(id: string): void {
  if (unitCache.has(id)) return;
  unitCache.set(id, null);
  api.unit(id).then(
    (u) => {
      unitCache.set(id, u);
      for (const notify of unitWaiters) notify();
    },
    () => {
      // the Chinese name stays; nothing to tell the user
    },
  );
}

function useUnitName(): (id: string | null, zhName: string | null) => string {
  const { lang, name, t } = useI18n();
  const [, setVersion] = useState(0);
  useEffect(() => {
    const notify = () => setVersion((v) => v + 1);
    unitWaiters.add(notify);
    return () => {
      unitWaiters.delete(notify);
    };
  }, []);
  return (id, zhName) => {
    if (!zhName) return t.common.none;
    if (lang === 'zh-CN' || !id) return zhName;
    const known = unitCache.get(id);
    if (known === undefined) lookUpUnit(id);
    return known ? name(known.name, known.nameEn) : zhName;
  };
}
