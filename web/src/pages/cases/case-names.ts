// Names of the case flow's vocabulary (stages, transitions, scenarios, measures, roles, charges, units) in the
// current language, falling back to what the server said (often Chinese only) and then to the id.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Bilingual, Unit } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';

export interface CaseNames {
  stage: (id: string, server?: Bilingual) => string;
  transition: (id: string, serverZh?: string) => string;
  scenario: (id: string, serverZh?: string) => string;
  measure: (id: string) => string;
  personRole: (role: string) => string;
  /** A document kind: the server's name where it gave one (it reads rules/case-flow.yaml), else ours. */
  documentKind: (kind: string, server?: Bilingual) => string;
  charge: (charge: string, server?: Bilingual | null) => string;
  /** A unit's name: the server gives Chinese; in English the unit's English name once it has been looked up. */
  unit: (id: string | null, zhName: string | null) => string;
}

export function useCaseNames(): CaseNames {
  const { t, lang, pick } = useI18n();
  const unit = useUnitName();
  const c = t.cases;
  const zh = lang === 'zh-CN';
  return {
    stage: (id, server) => c.stage[id] ?? (server ? pick(server) : id),
    transition: (id, serverZh) => c.transitionName[id] ?? (zh && serverZh ? serverZh : id),
    scenario: (id, serverZh) => c.scenario[id] ?? (zh && serverZh ? serverZh : id),
    measure: (id) => c.measure[id] ?? id,
    personRole: (role) => (c.personRole as Record<string, string>)[role] ?? role,
    documentKind: (kind, server) => (server ? pick(server) : (c.documentKind[kind] ?? kind)),
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
