/**
 * Routing an assessed dispute (flows.md §3: "by type, region and load"): the first rule of
 * rules/governance/dispute-routing.yaml that matches the dispute and has a candidate unit with room answers;
 * among its candidates the least loaded wins. Pure: the candidates and their loads are given.
 */
import type { Agency } from '../organisation.ts';
import type { DisputeType, RiskLevel, RouteLevel, RoutingRule, TargetKind } from './dispute-rules.ts';

export interface RoutableDispute {
  type: DisputeType;
  risk: RiskLevel;
  amount: number | null;
  /** where the dispute arose (GB/T 2260 code, 9 digits below county) */
  regionCode: string;
}

export interface CandidateUnit {
  id: string;
  code: string;
  agency: Agency;
  level: RouteLevel | 'province';
  /** codes of the unit's region and of every region below it start with this */
  scopePrefix: string;
  /** open disputes the unit handles now */
  openLoad: number;
}

export interface RouteChoice {
  unitId: string;
  ruleId: string;
  kind: TargetKind;
}

/** Whether a rule applies to the dispute (type, risk, amount, region), before looking at units. */
export function ruleMatches(rule: RoutingRule, d: RoutableDispute): boolean {
  if (rule.types !== '*' && !rule.types.includes(d.type.routeAs)) return false;
  if (rule.risk && !rule.risk.includes(d.risk)) return false;
  if (rule.minAmount !== null && (d.amount === null || d.amount < rule.minAmount)) return false;
  const level = d.regionCode.length > 6 ? 'township' : 'county';
  if (rule.region.level && rule.region.level !== level) return false;
  if (rule.region.prefix && !d.regionCode.startsWith(rule.region.prefix)) return false;
  return true;
}

/** The units a rule could send the dispute to: of its agency and level, their region containing the dispute's. */
export function candidatesFor(rule: RoutingRule, d: RoutableDispute, units: readonly CandidateUnit[]): CandidateUnit[] {
  return units.filter((u) => u.agency === rule.target.agency && u.level === rule.target.level && d.regionCode.startsWith(u.scopePrefix));
}

/** The unit the rules send the dispute to, or null when no rule has a unit with room. */
export function routeByRules(rules: readonly RoutingRule[], d: RoutableDispute, units: readonly CandidateUnit[]): RouteChoice | null {
  for (const rule of rules) {
    if (!ruleMatches(rule, d)) continue;
    const open = candidatesFor(rule, d, units).filter((u) => rule.maxLoad === null || u.openLoad < rule.maxLoad);
    if (open.length === 0) continue;
    const best = open.reduce((a, b) => (b.openLoad < a.openLoad || (b.openLoad === a.openLoad && b.code < a.code) ? b : a));
    return { unitId: best.id, ruleId: rule.id, kind: rule.target.kind };
  }
  return null;
}
