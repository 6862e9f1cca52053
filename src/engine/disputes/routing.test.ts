import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDisputeRules } from '../../rules/load-disputes.ts';
import { type CandidateUnit, type RoutableDispute, candidatesFor, routeByRules } from './routing.ts';

const rules = loadDisputeRules();
const type = (id: string) => rules.types.get(id)!;

// two counties with two townships each, every routable agency at its levels
function unitsWith(load: (code: string) => number = () => 0): CandidateUnit[] {
  const out: CandidateUnit[] = [];
  for (const county of ['990102', '990103']) {
    for (const agency of ['mediation-committee', 'governance-center', 'court', 'justice-bureau'] as const) {
      const code = `${agency}-${county}`;
      out.push({ id: code, code, agency, level: 'county', scopePrefix: county, openLoad: load(code) });
    }
    for (const t of ['001', '002']) {
      for (const agency of ['mediation-committee', 'governance-center'] as const) {
        const code = `${agency}-${county}${t}`;
        out.push({ id: code, code, agency, level: 'township', scopePrefix: `${county}${t}`, openLoad: load(code) });
      }
    }
  }
  return out;
}

const dispute = (over: Partial<RoutableDispute> & { typeId?: string } = {}): RoutableDispute => ({
  type: type(over.typeId ?? 'neighbour'), risk: over.risk ?? 'low', amount: over.amount ?? null, regionCode: over.regionCode ?? '990102001',
});

describe('routeByRules (rules/governance/dispute-routing.yaml)', () => {
  it("a neighbours' dispute in a township goes to that township's mediation committee", () => {
    expect(routeByRules(rules.routes, dispute(), unitsWith())).toEqual({ unitId: 'mediation-committee-990102001', ruleId: 'township-people-mediation', kind: 'mediation-committee' });
  });

  it('a full township committee overflows to the county committee, then to the justice bureau', () => {
    const full = unitsWith((c) => (c === 'mediation-committee-990102001' ? 30 : 0));
    expect(routeByRules(rules.routes, dispute(), full)).toMatchObject({ unitId: 'mediation-committee-990102', ruleId: 'county-people-mediation' });
    const allFull = unitsWith((c) => (c.startsWith('mediation-committee-990102') ? 100 : 0));
    expect(routeByRules(rules.routes, dispute(), allFull)).toMatchObject({ unitId: 'justice-bureau-990102', ruleId: 'overflow-administrative', kind: 'administrative' });
  });

  it('a high-risk wage dispute goes to arbitration at the county center; a low-risk one to people’s mediation', () => {
    expect(routeByRules(rules.routes, dispute({ typeId: 'labour-wages', risk: 'high' }), unitsWith())).toMatchObject({ unitId: 'governance-center-990102', kind: 'arbitration' });
    expect(routeByRules(rules.routes, dispute({ typeId: 'labour-wages', risk: 'low' }), unitsWith())).toMatchObject({ unitId: 'mediation-committee-990102001', ruleId: 'labour-people-mediation' });
  });

  it('amounts: a large traffic accident claim goes to the court, a small one is mediated', () => {
    expect(routeByRules(rules.routes, dispute({ typeId: 'traffic-accident', amount: 250_000 }), unitsWith())).toMatchObject({ unitId: 'court-990102', kind: 'court-pre-litigation' });
    expect(routeByRules(rules.routes, dispute({ typeId: 'traffic-accident', amount: 20_000 }), unitsWith())).toMatchObject({ kind: 'mediation-committee' });
  });

  it('a type routed as another (homestead as land contracting) follows that type’s rules', () => {
    expect(type('homestead').routeAs).toBe('land-contract');
    expect(routeByRules(rules.routes, dispute({ typeId: 'homestead' }), unitsWith())).toMatchObject({ ruleId: 'township-people-mediation' });
  });

  it('a county-level dispute skips township rules; the least loaded unit wins, ties by code', () => {
    expect(routeByRules(rules.routes, dispute({ regionCode: '990103' }), unitsWith())).toMatchObject({ unitId: 'mediation-committee-990103', ruleId: 'county-people-mediation' });
    const county = rules.routes.find((r) => r.id === 'county-people-mediation')!;
    const units: CandidateUnit[] = [
      { id: 'b', code: 'b', agency: 'mediation-committee', level: 'county', scopePrefix: '990102', openLoad: 3 },
      { id: 'a', code: 'a', agency: 'mediation-committee', level: 'county', scopePrefix: '990102', openLoad: 3 },
      { id: 'c', code: 'c', agency: 'mediation-committee', level: 'county', scopePrefix: '990102', openLoad: 4 },
    ];
    expect(routeByRules([county], dispute({ regionCode: '990102' }), units)).toMatchObject({ unitId: 'a' });
  });

  it('no unit anywhere: null', () => {
    expect(routeByRules(rules.routes, dispute({ regionCode: '880101' }), unitsWith())).toBeNull();
  });

  it('property: the unit chosen is always one of the rule’s candidates, with room, covering the dispute’s region', () => {
    const typeIds = [...rules.types.keys()];
    const regions = ['990102', '990103', '990102001', '990102002', '990103001', '990103002'];
    fc.assert(
      fc.property(
        fc.constantFrom(...typeIds),
        fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
        fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
        fc.constantFrom(...regions),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 24, maxLength: 24 }),
        (typeId, risk, amount, regionCode, loads) => {
          const units = unitsWith();
          units.forEach((u, i) => {
            u.openLoad = loads[i % loads.length]!;
          });
          const d = dispute({ typeId, risk, amount: amount ?? undefined, regionCode });
          const choice = routeByRules(rules.routes, d, units);
          if (choice === null) return;
          const rule = rules.routes.find((r) => r.id === choice.ruleId)!;
          const unit = candidatesFor(rule, d, units).find((u) => u.id === choice.unitId);
          expect(unit).toBeDefined();
          expect(regionCode.startsWith(unit!.scopePrefix)).toBe(true);
          expect(rules.kinds[choice.kind].agencies).toContain(unit!.agency);
          if (rule.maxLoad !== null) expect(unit!.openLoad).toBeLessThan(rule.maxLoad);
        },
      ),
    );
  });

  it('property: with the overflow rule and empty units, every type in every region of the demo is routed', () => {
    for (const t of rules.types.keys()) {
      for (const regionCode of ['990102', '990102001', '990103002']) {
        expect(routeByRules(rules.routes, dispute({ typeId: t, regionCode }), unitsWith()), `${t} ${regionCode}`).not.toBeNull();
      }
    }
  });
});
