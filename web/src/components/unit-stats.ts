import { AGENCIES } from '../api/types.ts';
import type { Agency, Unit } from '../api/types.ts';

/** Counts per agency, in the glossary's agency order, leaving out agencies with no unit. */
export function countByAgency(units: readonly Unit[]): Array<{ agency: Agency; count: number }> {
  const counts = new Map<Agency, number>();
  for (const u of units) counts.set(u.agency, (counts.get(u.agency) ?? 0) + 1);
  return AGENCIES.filter((a) => counts.has(a)).map((agency) => ({ agency, count: counts.get(agency) ?? 0 }));
}
