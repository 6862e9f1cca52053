/**
 * Everything the case page shows, for one reader: parties (masked), measures, running clocks with their
 * basis and days left, the timeline, the dossier, transfers, evidence against the charge's checklist, and
 * the transitions the reader's unit could fire now.
 */
import type { AppDeps } from '../../app-deps.ts';
import { cstDayOf } from '../../engine/clock/civil-date.ts';
import { cite } from '../../engine/clock/compute.ts';
import { missingEvidence } from '../../engine/evidence/checklists.ts';
import type { RequestContext } from '../auth/principal.ts';
import { listCaseEvents, listClocks, listDocuments, listEvidence, listPersons, listTransfers, pendingTransfers } from './cases.repository.ts';
import { presentPerson, visibleCase } from './cases.service.ts';
import { listCaseExtras } from './case-extras.ts';

type Deps = Pick<AppDeps, 'db' | 'permissions' | 'caseFlow' | 'clock' | 'evidenceChecklists' | 'now'>;

/** Whole days left until a due moment (negative when overdue), counted as the statute counts: by calendar day in CST. */
export function daysLeft(dueAt: string, now: Date): number {
  return cstDayOf(Date.parse(dueAt)) - cstDayOf(now.getTime());
}

export async function casePage(deps: Deps, ctx: RequestContext, caseId: string) {
  const now = deps.now();
  const c = await visibleCase(deps, deps.db, ctx, caseId);
  const [persons, clocks, documents, transfers, evidence, events, pending, extras] = await Promise.all([
    listPersons(deps.db, c.id),
    listClocks(deps.db, c.id),
    listDocuments(deps.db, c.id),
    listTransfers(deps.db, c.id),
    listEvidence(deps.db, c.id),
    listCaseEvents(deps.db, c.id),
    pendingTransfers(deps.db, c.id),
    listCaseExtras(deps.db, c.id),
  ]);
  const flow = deps.caseFlow;
  const p = ctx.principal;
  const checklist = deps.evidenceChecklists.get(c.charge);
  const gap = checklist ? missingEvidence(checklist, new Set(evidence.flatMap((e) => (e.checklistItem ? [e.checklistItem] : [])))) : null;
  const inTransit = pending.some((t) => t.toStage !== null);
  const available = inTransit
    ? []
    : [...flow.transitions.values()].filter((t) => {
        if (!t.from.includes(c.stage) || !t.by.agency.includes(p.agency) || !t.by.roles.includes(p.role)) return false;
        if (t.by.actor === 'holder') return c.holderUnitId === p.unitId;
        if (t.by.actor === 'receiver') return pending.some((x) => x.scenario === t.answers && x.receiverUnitId === p.unitId);
        return c.partyUnitIds.includes(p.unitId);
      });
  const stage = flow.stages.get(c.stage);
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    title: c.title,
    charge: c.charge,
    chargeName: checklist?.charge.name ?? null,
    regionCode: c.regionCode,
    stage: c.stage,
    stageName: stage ? { zh: stage.zh, en: stage.en } : { zh: c.stage, en: c.stage },
    holderUnitId: c.holderUnitId,
    holderUnitName: c.holderUnitName,
    registeredAt: c.registeredAt,
    classified: c.classified,
    onPaper: c.onPaper,
    onPaperReason: c.onPaperReason,
    closedAt: c.closedAt,
    counters: c.counters,
    youHold: c.holderUnitId === p.unitId,
    persons: persons.map(presentPerson),
    clocks: clocks.map((k) => {
      const rule = deps.clock.rules.get(k.ruleId);
      return {
        id: k.id,
        rule: k.ruleId,
        name: rule?.name ?? { zh: k.ruleId, en: k.ruleId },
        basis: rule ? cite(rule.basis) : '',
        personId: k.personId,
        state: k.state,
        startedAt: k.startedAt,
        dueAt: k.dueAt,
        provisional: k.provisional,
        daysLeft: k.state === 'running' && k.dueAt ? daysLeft(k.dueAt, now) : null,
        events: k.ledger.length,
      };
    }),
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, kindName: flow.documents.get(d.kind) ?? { zh: '其他', en: 'Other' }, name: d.name, volume: d.volume, sm3: d.sm3, mime: d.mime, sizeBytes: d.sizeBytes, pages: d.pages, uploadedAt: d.uploadedAt })),
    dossierPages: documents.reduce((n, d) => n + d.pages, 0),
    transfers: transfers.map((t) => ({
      id: t.id,
      transition: t.transition,
      scenario: t.scenario,
      scenarioName: flow.scenarios.get(t.scenario)?.zh ?? t.scenario,
      scenarioNameEn: flow.scenarios.get(t.scenario)?.en ?? t.scenario,
      senderUnitId: t.senderUnitId,
      senderUnitName: t.senderUnitName,
      receiverUnitId: t.receiverUnitId,
      receiverUnitName: t.receiverUnitName,
      sentAt: t.sentAt,
      state: t.state,
      receivedAt: t.receivedAt,
      returnReason: t.returnReason,
      toStage: t.toStage,
      onPaper: t.onPaper,
      manifestSm3: t.manifestSm3,
      documentIds: t.documentIds,
    })),
    evidence: {
      items: evidence,
      checklist: checklist ? checklist.items.map((i) => ({ id: i.id, name: i.name, required: i.required, when: i.when ?? null })) : [],
      missing: gap?.missing.map((g) => g.id) ?? [],
      toConfirm: gap?.toConfirm.map((g) => g.id) ?? [],
    },
    timeline: events,
    loans: extras.loans,
    property: extras.property,
    transitions: available.map((t) => ({
      id: t.id,
      zh: t.zh,
      en: t.en,
      to: t.to ?? null,
      handsOver: t.handsOver ?? null,
      receiverAgencies: t.handsOver ? flow.scenarios.get(t.handsOver)!.to : [],
      requires: t.requires.map((d) => ({ id: d, ...flow.documents.get(d)! })),
      evidenceChecklist: t.evidenceChecklist,
    })),
  };
}
