import { App, Form, Input, InputNumber, Radio, Rate, Select } from 'antd';
import { useState } from 'react';
import { governanceApi } from '../../api/governance-client.ts';
import { RISK_LEVELS, ROUTE_KINDS, URGENCIES } from '../../api/governance-types.ts';
import type { DisputeAction, DisputeActionRequest, DisputePage, RiskLevel, RouteKind } from '../../api/governance-types.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useI18n } from '../../i18n.ts';
import { useDisputeRules, useTypeOptions } from './dispute-names.ts';
import { closeOutcomes, disputeNeeds } from './governance-format.ts';
import { useUnitsOf } from './governance-parts.tsx';

interface ActForm {
  note?: string;
  type?: string;
  riskLevel?: RiskLevel;
  urgency?: 'normal' | 'urgent';
  amount?: number | null;
  routeMode?: 'auto' | 'manual';
  kind?: RouteKind;
  unitId?: string;
  terms?: string;
  performance?: string;
  courtUnitId?: string;
  decision?: boolean;
  outcome?: 'resolved' | 'not-resolved-referred';
  referredTo?: string;
  satisfaction?: number;
}

/** The agencies that may stand for a kind of body (dispute-routing.yaml's kinds, as the server serves them). */
function agenciesOf(kinds: { id: string; agencies: string[] }[] | undefined, kind: RouteKind | undefined): string[] {
  if (!kinds) return [];
  const chosen = kind ? kinds.filter((k) => k.id === kind) : kinds;
  return [...new Set(chosen.flatMap((k) => k.agencies))].sort();
}

/** One step on a dispute, in a dialog asking what the server requires of it (disputeNeeds). */
export function DisputeActionModal({
  dispute,
  action,
  onClose,
  onDone,
}: {
  dispute: DisputePage;
  action: DisputeAction;
  onClose: () => void;
  onDone: (page: DisputePage) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = t.governance.act;
  const actionName = t.governance.disputeAction[action];
  const needs = disputeNeeds(action);
  const rules = useDisputeRules();
  const typeOptions = useTypeOptions(needs.assessment ? rules.data : undefined);
  const [routeMode, setRouteMode] = useState<'auto' | 'manual'>('auto');
  const [kind, setKind] = useState<RouteKind | undefined>(undefined);
  const [outcome, setOutcome] = useState(closeOutcomes(dispute.state)[0]);
  const routeUnits = useUnitsOf(agenciesOf(rules.data?.kinds, kind), needs.route === true && routeMode === 'manual');
  const courts = useUnitsOf(['court'], needs.court === true);

  const initialValues: ActForm = needs.assessment
    ? { type: dispute.type, riskLevel: dispute.riskLevel as RiskLevel, urgency: dispute.urgency as 'normal' | 'urgent', amount: dispute.amount }
    : needs.route
      ? { routeMode: 'auto' }
      : needs.decision
        ? { decision: true }
        : needs.outcome
          ? { outcome }
          : {};

  return (
    <FormModal<ActForm>
      title={text.title(actionName, dispute.number)}
      okText={t.common.submit}
      testId={`dispute-act-${action}`}
      initialValues={initialValues}
      onClose={onClose}
      onSubmit={async (v) => {
        const body: DisputeActionRequest = { action };
        const note = v.note?.trim();
        if (note) body.note = note;
        if (needs.assessment) {
          if (v.type) body.type = v.type;
          if (v.riskLevel) body.riskLevel = v.riskLevel;
          if (v.urgency) body.urgency = v.urgency;
          body.amount = v.amount ?? null;
        }
        if (needs.route && v.routeMode === 'manual') {
          if (v.unitId) body.unitId = v.unitId;
          if (v.kind) body.kind = v.kind;
        }
        if (needs.agreement) {
          body.terms = v.terms?.trim() ?? '';
          body.performance = v.performance?.trim() ?? '';
        }
        if (needs.court && v.courtUnitId) body.courtUnitId = v.courtUnitId;
        if (needs.decision) body.decision = v.decision ?? true;
        if (needs.outcome && v.outcome) {
          body.outcome = v.outcome;
          if (v.outcome === 'not-resolved-referred' && v.referredTo?.trim()) body.referredTo = v.referredTo.trim();
        }
        if (needs.satisfaction && v.satisfaction) body.satisfaction = v.satisfaction;
        const page = await governanceApi.actOnDispute(dispute.id, body);
        message.success(needs.agreement ? text.pdfReady : text.done(actionName));
        onDone(page);
      }}
    >
      {needs.assessment ? (
        <>
          <Form.Item name="type" label={text.type}>
            <Select showSearch={{ optionFilterProp: 'search' }} options={typeOptions} loading={rules.isLoading} data-testid="dispute-act-type" />
          </Form.Item>
          <Form.Item name="riskLevel" label={text.risk}>
            <Radio.Group options={RISK_LEVELS.map((r) => ({ value: r, label: t.governance.risk[r] }))} data-testid="dispute-act-risk" />
          </Form.Item>
          <Form.Item name="urgency" label={text.urgency}>
            <Radio.Group options={URGENCIES.map((u) => ({ value: u, label: t.governance.urgency[u] }))} />
          </Form.Item>
          <Form.Item name="amount" label={text.amount}>
            <InputNumber min={0} max={100_000_000_000} precision={2} style={{ width: 200 }} data-testid="dispute-act-amount" />
          </Form.Item>
        </>
      ) : null}
      {needs.route ? (
        <>
          <Form.Item name="routeMode" label={text.routeMode}>
            <Radio.Group
              onChange={(e) => setRouteMode(e.target.value)}
              options={[
                { value: 'auto', label: text.routeAuto },
                { value: 'manual', label: text.routeManual },
              ]}
              data-testid="dispute-act-route-mode"
            />
          </Form.Item>
          {routeMode === 'manual' ? (
            <>
              <Form.Item name="kind" label={text.routeKind}>
                <Select
                  allowClear
                  onChange={(k?: RouteKind) => setKind(k)}
                  options={ROUTE_KINDS.map((k) => ({ value: k, label: t.governance.routeKind[k] }))}
                  data-testid="dispute-act-kind"
                />
              </Form.Item>
              <Form.Item name="unitId" label={text.unit} rules={[{ required: true, message: text.unitRequired }]}>
                <UnitPicker units={routeUnits.data} loading={routeUnits.isLoading} placeholder={t.governance.unitAny} testId="dispute-act-unit" />
              </Form.Item>
            </>
          ) : null}
        </>
      ) : null}
      {needs.agreement ? (
        <>
          <Form.Item name="terms" label={text.terms} rules={[{ required: true, whitespace: true, message: text.termsRequired }]}>
            <Input.TextArea rows={5} maxLength={10_000} showCount data-testid="dispute-act-terms" />
          </Form.Item>
          <Form.Item
            name="performance"
            label={text.performance}
            rules={[{ required: true, whitespace: true, message: text.performanceRequired }]}
          >
            <Input.TextArea rows={3} maxLength={5000} showCount data-testid="dispute-act-performance" />
          </Form.Item>
        </>
      ) : null}
      {needs.court ? (
        <Form.Item name="courtUnitId" label={text.court} rules={[{ required: true, message: text.courtRequired }]}>
          <UnitPicker units={courts.data} loading={courts.isLoading} placeholder={t.governance.unitAny} testId="dispute-act-court" />
        </Form.Item>
      ) : null}
      {needs.decision ? (
        <Form.Item name="decision" label={needs.decision === 'accept' ? text.decisionAccept : text.decisionConfirm}>
          <Radio.Group
            options={[
              { value: true, label: text.yes },
              { value: false, label: text.no },
            ]}
            data-testid="dispute-act-decision"
          />
        </Form.Item>
      ) : null}
      {needs.outcome ? (
        <>
          <Form.Item name="outcome" label={text.outcome}>
            <Radio.Group
              onChange={(e) => setOutcome(e.target.value)}
              options={closeOutcomes(dispute.state).map((o) => ({ value: o, label: t.governance.outcome[o] ?? o }))}
              data-testid="dispute-act-outcome"
            />
          </Form.Item>
          {outcome === 'not-resolved-referred' ? (
            <Form.Item name="referredTo" label={text.referredTo} rules={[{ required: true, whitespace: true, message: text.referredToRequired }]}>
              <Input maxLength={200} data-testid="dispute-act-referred" />
            </Form.Item>
          ) : null}
        </>
      ) : null}
      {needs.satisfaction ? (
        <Form.Item
          name="satisfaction"
          label={text.satisfaction}
          rules={needs.satisfaction === 'required' ? [{ required: true, message: text.satisfactionRequired }] : []}
        >
          <Rate data-testid="dispute-act-satisfaction" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={text.note}
        rules={needs.note === 'required' ? [{ required: true, whitespace: true, message: text.noteRequired }] : []}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount data-testid="dispute-act-note" />
      </Form.Item>
    </FormModal>
  );
}
