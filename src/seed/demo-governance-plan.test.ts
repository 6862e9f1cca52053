import { describe, expect, it } from 'vitest';
import { checkDeclaredType } from '../modules/dossiers/file-type.ts';
import { DEMO_GOVERNANCE_SIZE, GOVERNANCE_WINDOW_DAYS, type GovernanceGeography, governanceSizeFor, planDemoGovernance } from './demo-governance-plan.ts';
import { demoPng } from './demo-photo.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T02:00:00Z');
const GEO: GovernanceGeography = {
  counties: ['990102', '990103', '990104', '990202', '990203', '990204'].map((code, i) => ({
    code,
    name: `县${i}`,
    townships: [1, 2].map((n) => ({ code: `${code}00${n}`, name: `镇${i}${n}` })),
  })),
  disputeTypes: ['family', 'neighbour', 'labour-wages', 'consumer', 'medical', 'tenancy', 'contract', 'pre-litigation-civil', 'private-lending', 'traffic-accident', 'other'].map((id) => ({
    id,
    handlingDays: id === 'labour-wages' ? 15 : 30,
  })),
  gridCategories: ['road-facilities', 'fire-hazard', 'pollution', 'other'],
  legalRoutes: ['complaint', 'retrial-application', 'state-compensation', 'case-procedure'],
  petitionChannels: ['visit', 'letter', 'online', 'phone', 'referral'],
};
const plan = planDemoGovernance(GEO, { seed: 1, now: NOW, size: DEMO_GOVERNANCE_SIZE });
const disputes = plan.flatMap((s) => (s.kind === 'dispute' ? [s] : []));
const petitions = plan.flatMap((s) => (s.kind === 'petition' ? s.petitions : []));
const events = plan.flatMap((s) => (s.kind === 'grid-event' ? [s] : []));

describe('the demo governance plan', () => {
  it('has the issue’s numbers, in every township, and is the same for the same seed', () => {
    expect(disputes.length).toBeGreaterThanOrEqual(2000);
    expect(petitions.length).toBeGreaterThanOrEqual(300);
    expect(events.length).toBeGreaterThanOrEqual(500);
    const townships = GEO.counties.flatMap((c) => c.townships.map((t) => t.code));
    for (const list of [disputes, events]) expect(new Set(list.map((s) => s.place.township))).toEqual(new Set(townships));
    expect(new Set(petitions.map((p) => p.regionCode))).toEqual(new Set(townships));
    expect(JSON.stringify(planDemoGovernance(GEO, { seed: 1, now: NOW, size: DEMO_GOVERNANCE_SIZE }))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(planDemoGovernance(GEO, { seed: 2, now: NOW, size: DEMO_GOVERNANCE_SIZE }))).not.toBe(JSON.stringify(plan));
  });

  it('takes disputes in by every channel, of most types', () => {
    expect(new Set(disputes.map((d) => d.intake.channel))).toEqual(new Set(['walk-in', 'hotline', 'online', 'grid', 'court-referral', 'referral', 'import']));
    expect(new Set(disputes.map((d) => d.intake.type)).size).toBe(GEO.disputeTypes.length);
    // import keys are unique
    const keys = disputes.flatMap((d) => (d.intake.importKey ? [d.intake.importKey] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lays every step out in order, within the two years before now', () => {
    const moments = (list: number[]) => {
      for (const [i, m] of list.entries()) {
        expect(m).toBeLessThan(NOW);
        expect(m).toBeGreaterThan(NOW - (GOVERNANCE_WINDOW_DAYS + 1) * DAY);
        if (i > 0) expect(m).toBeGreaterThan(list[i - 1]!);
      }
    };
    for (const d of disputes) moments([d.intake.at, ...d.steps.map((s) => s.at), ...(d.again ? [d.again.at] : [])]);
    for (const p of petitions) moments([p.at, ...p.steps.map((s) => s.at)]);
    for (const e of events) moments([e.at, ...e.steps.map((s) => s.at)]);
  });

  it('stages what the governance models watch, in several counties', () => {
    const counties = (shape: string) => new Set(disputes.filter((d) => d.shape === shape).map((d) => d.place.county)).size;
    for (const shape of ['overdue', 'reopened', 'confirmation-late']) expect(counties(shape), shape).toBeGreaterThanOrEqual(3);
    // a reopened matter comes back within the 90 days of the reopen window, after being closed as resolved
    for (const d of disputes.filter((x) => x.shape === 'reopened')) {
      const close = d.steps.at(-1)!;
      expect(close.step).toMatchObject({ verb: 'close', outcome: 'resolved' });
      expect(d.again!.at - close.at).toBeLessThan(90 * DAY);
    }
    // the court accepted a confirmation more than 15 days ago and has not decided
    for (const d of disputes.filter((x) => x.shape === 'confirmation-late')) {
      expect(d.steps.at(-1)).toMatchObject({ step: { verb: 'accept-confirmation', decision: true } });
      expect(NOW - d.steps.at(-1)!.at).toBeGreaterThan(20 * DAY);
    }
    const matters = plan.flatMap((s) => (s.kind === 'petition' && s.shape === 'unresolved-matter' ? [s] : []));
    expect(new Set(matters.map((m) => m.place.county)).size).toBeGreaterThanOrEqual(3);
    for (const m of matters) {
      expect(m.petitions.length).toBeGreaterThanOrEqual(3);
      expect(new Set(m.petitions.map((p) => `${p.petitioner.name}|${p.respondent}|${p.subject}`)).size).toBe(1);
      expect(m.petitions.flatMap((p) => p.steps).some((s) => s.step.verb === 'issue-opinion')).toBe(false);
    }
  });

  it('keeps sealed agreements to a few hundred', () => {
    const agreements = disputes.filter((d) => d.steps.some((s) => s.step.verb === 'agree')).length;
    expect(agreements).toBeGreaterThan(200);
    expect(agreements).toBeLessThan(600);
  });

  it('shrinks with a smaller demo, in proportion to its cases', () => {
    expect(governanceSizeFor(520, 520)).toEqual(DEMO_GOVERNANCE_SIZE);
    expect(governanceSizeFor(6, 520)).toEqual({ disputes: 24, petitions: 4, gridEvents: 6 });
    expect(governanceSizeFor(0, 520)).toEqual({ disputes: 0, petitions: 0, gridEvents: 0 });
    const small = planDemoGovernance(GEO, { seed: 1, now: NOW, size: governanceSizeFor(6, 520) });
    expect(new Set(small.map((s) => s.kind))).toEqual(new Set(['dispute', 'petition', 'grid-event']));
  });
});

describe('the demo photos', () => {
  it('are PNG images the upload accepts, different per seed', () => {
    const a = demoPng(1);
    expect(checkDeclaredType(a, 'image/png', 'scene.png').type).toBe('png');
    expect(Buffer.from(demoPng(2)).equals(Buffer.from(a))).toBe(false);
    expect(Buffer.from(demoPng(1)).equals(Buffer.from(a))).toBe(true);
    expect(a.length).toBeLessThan(4096);
  });
});
