import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.ts';
import type { CaseFlow } from '../../engine/case-flow/flow.ts';
import type { TypedApp } from '../../http/typed.ts';
import { Nullable, errors } from '../../shared/fields.ts';

const Ids = (description: string) => Type.Array(Type.String(), { description });
const Named = { id: Type.String(), zh: Type.String(), en: Type.String() };

/** rules/case-flow.yaml as the web app needs it: every name in both languages, who may do what, what it needs. */
export const CaseFlowView = Type.Object({
  documents: Type.Array(Type.Object(Named)),
  stages: Type.Array(Type.Object({ ...Named, holder: Ids('the agencies that may hold a case at this stage') })),
  scenarios: Type.Array(
    Type.Object({
      ...Named,
      from: Ids('sending agencies'),
      to: Ids('receiving agencies'),
      receiverLevel: Type.String({ description: 'same | higher | any: the receiver\'s level against the sender\'s' }),
      requires: Ids('document kinds'),
      answers: Ids('the transitions that answer it'),
    }),
  ),
  transitions: Type.Array(
    Type.Object({
      ...Named,
      from: Ids('stages it starts from'),
      to: Nullable(Type.String({ description: 'the stage after; null when the stage stays' })),
      by: Type.Object({
        agency: Ids('agencies that may fire it'),
        roles: Ids('roles that may fire it'),
        actor: Type.String({ description: 'holder | receiver | party: which unit of those agencies' }),
      }),
      handsOver: Nullable(Type.String({ description: 'the scenario of its hand-over' })),
      answers: Nullable(Type.String({ description: 'the scenario it answers' })),
      requires: Ids('document kinds'),
      evidenceChecklist: Type.Boolean(),
      measure: Nullable(Type.String({ description: 'the coercive measure it applies' })),
    }),
  ),
  measures: Type.Array(
    Type.Object({
      ...Named,
      custody: Type.Boolean(),
      by: Ids('agencies that may order it'),
      requires: Ids('document kinds'),
    }),
  ),
});

/** The flow without its clock effects (the case page shows the clocks themselves). */
export function presentCaseFlow(flow: CaseFlow) {
  return {
    documents: [...flow.documents].map(([id, d]) => ({ id, zh: d.zh, en: d.en })),
    stages: [...flow.stages.values()].map((s) => ({ id: s.id, zh: s.zh, en: s.en, holder: s.holder })),
    scenarios: [...flow.scenarios.values()].map((s) => ({
      id: s.id,
      zh: s.zh,
      en: s.en,
      from: s.from,
      to: s.to,
      receiverLevel: s.receiverLevel,
      requires: s.requires,
      answers: s.answers,
    })),
    transitions: [...flow.transitions.values()].map((t) => ({
      id: t.id,
      zh: t.zh,
      en: t.en,
      from: t.from,
      to: t.to ?? null,
      by: t.by,
      handsOver: t.handsOver ?? null,
      answers: t.answers ?? null,
      requires: t.requires,
      evidenceChecklist: t.evidenceChecklist,
      measure: t.measure ?? null,
    })),
    measures: [...flow.measures.values()].map((m) => ({ id: m.id, zh: m.zh, en: m.en, custody: m.custody, by: m.by, requires: m.requires })),
  };
}

export function caseFlowRoutes(app: TypedApp, deps: AppDeps): void {
  // the flow only changes with a release: present it once
  const view = presentCaseFlow(deps.caseFlow);
  app.get('/api/rules/case-flow', {
    config: { permission: { action: 'read', resource: 'case-flow-rule' } },
    schema: {
      tags: ['cases'],
      summary: '刑事案件流转规则 / The criminal case flow: stages, documents, scenarios, transitions and measures',
      description: 'Names in Chinese and English, who may fire each transition or order each measure, and the documents each requires (rules/case-flow.yaml).',
      response: { 200: CaseFlowView, ...errors(401, 403) },
    },
  }, async () => view);
}
