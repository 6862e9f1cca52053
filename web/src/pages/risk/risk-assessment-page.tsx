import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, InputNumber, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { OPINION_KINDS, RISK_ACTIONS, riskApi } from '../../api/risk-client.ts';
import type { RiskAction, RiskAssessmentPage, RiskItem, RiskMitigation, RiskRules } from '../../api/risk-client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useRiskText } from '../../i18n-risk.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { MatterTimeline, StateTag, useUnitsOf } from '../governance/governance-parts.tsx';
import { RatingTag } from './risk-assessment-list-page.tsx';
import { RiskMatrix } from './risk-matrix.tsx';

/** The steps one dialog takes; edit-risk and complete-mitigation carry the row they are for. */
type Acting = { action: RiskAction; risk?: RiskItem; mitigation?: RiskMitigation };

/** The units a mitigation may be given to. */
const RESPONSIBLE_AGENCIES = ['governance-center', 'police', 'justice-bureau', 'committee', 'petition-office', 'court', 'procuratorate'];

/** One assessment (/risk-assessments/:id): the decision, the matrix with its risks, opinions, mitigations, timeline and the steps open to the caller. */
export default function RiskAssessmentPageView() {
  const { id = '' } = useParams();
  const { pick } = useI18n();
  const text = useRiskText();
  const view = useApi((signal) => riskApi.one(id, { signal }), [id]);
  const rules = useApi((signal) => riskApi.rules({ signal }), [], { forbidden: 'inline' });
  const [acted, setActed] = useState<RiskAssessmentPage | null>(null);
  const [acting, setActing] = useState<Acting | null>(null);

  const a = acted && acted.id === id && acted.version >= (view.data?.version ?? 0) ? acted : view.data;
  if (!a) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  const actions = RISK_ACTIONS.filter((x) => a.actions.includes(x));
  const may = (x: string) => a.actions.includes(x);

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={<span data-testid="risk-title">{`${a.number} ${a.title}`}</span>}
        back={{ to: '/risk-assessments', text: text.back }}
        reload={{ onClick: view.reload, loading: view.isLoading, text: text.reload, testId: 'risk-reload' }}
        error={view.error}
      />
      <RiskHeader a={a} />
      <Card size="small" title={text.actions} data-testid="risk-actions">
        {!a.isOwner ? (
          <Typography.Text type="secondary" data-testid="risk-read-only">{text.readOnly}</Typography.Text>
        ) : actions.length === 0 ? (
          <Typography.Text type="secondary">{text.noActions}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {actions.map((x) => (
              <Button key={x} type="primary" onClick={() => setActing({ action: x })} data-testid={`risk-action-${x}`}>
                {text.actionName[x]}
              </Button>
            ))}
          </Flex>
        )}
        {a.proposedRating ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            data-testid="risk-proposed"
            title={text.proposed(text.levelName[a.proposedRating.rating])}
            description={a.proposedRating.reasons.map((r) => pick(r)).join('；') || undefined}
          />
        ) : null}
      </Card>
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title={text.matrix} style={{ flex: '1 1 420px' }}>
          {rules.data ? <RiskMatrix rules={rules.data} risks={a.risks} /> : rules.error ? <ErrorAlert error={rules.error} /> : <Skeleton active />}
        </Card>
        <Card size="small" title={text.risks} style={{ flex: '2 1 480px' }}>
          <Table<RiskItem>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={a.risks}
            locale={{ emptyText: text.noRisks }}
            data-testid="risk-risks"
            columns={[
              { key: 'n', title: '#', render: (_, _r, i) => `R${i + 1}` },
              { key: 'title', title: text.riskTitle, dataIndex: 'title' },
              { key: 'li', title: `${text.likelihood}×${text.impact}`, render: (_, r) => `${r.likelihood}×${r.impact}` },
              { key: 'level', title: text.level, render: (_, r) => <RatingTag rating={r.level} testId="risk-level" /> },
              { key: 'mitigation', title: text.riskMitigation, dataIndex: 'mitigation' },
              ...(may('edit-risk')
                ? [{ key: 'edit', title: '', render: (_: unknown, r: RiskItem) => <Button size="small" onClick={() => setActing({ action: 'edit-risk', risk: r })} data-testid="risk-edit">{text.edit}</Button> }]
                : []),
            ]}
          />
        </Card>
      </Flex>
      <OpinionsCard a={a} rules={rules.data ?? null} />
      <Card size="small" title={text.mitigationList}>
        <Table<RiskMitigation>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.mitigations}
          locale={{ emptyText: text.noMitigations }}
          data-testid="risk-mitigations"
          columns={[
            { key: 'risk', title: text.riskTitle, render: (_, m) => `R${a.risks.findIndex((r) => r.id === m.riskItemId) + 1}` },
            { key: 'action', title: text.action, dataIndex: 'action' },
            { key: 'unit', title: text.responsible, dataIndex: 'responsibleUnitName' },
            {
              key: 'due',
              title: text.dueOn,
              render: (_, m) =>
                m.state === 'open' && m.dueOn < today() ? (
                  <Typography.Text type="danger" strong data-testid="risk-mitigation-overdue">
                    {`${m.dueOn} ${text.overdue}`}
                  </Typography.Text>
                ) : (
                  m.dueOn
                ),
            },
            {
              key: 'state',
              title: text.state,
              render: (_, m) => (
                <Tag color={m.state === 'done' ? 'green' : 'gold'} data-testid="risk-mitigation-state" data-state={m.state}>
                  {text.mitigationState[m.state]}
                </Tag>
              ),
            },
            { key: 'note', title: text.note, render: (_, m) => m.note ?? m.openExplanation ?? '' },
            ...(may('complete-mitigation')
              ? [
                  {
                    key: 'complete',
                    title: '',
                    render: (_: unknown, m: RiskMitigation) =>
                      m.state === 'open' ? (
                        <Button size="small" onClick={() => setActing({ action: 'complete-mitigation', mitigation: m })} data-testid="risk-complete">
                          {text.complete}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={text.timeline}>
        <MatterTimeline
          testId="risk-timeline"
          entries={a.timeline}
          kindName={(k) => text.eventName[k] ?? k}
          stateName={(s) => (text.stateName as Record<string, string>)[s] ?? s}
        />
      </Card>
      {acting ? (
        <RiskActionModal
          a={a}
          rules={rules.data ?? null}
          acting={acting}
          onClose={() => setActing(null)}
          onDone={(page) => {
            setActing(null);
            setActed(page);
          }}
        />
      ) : null}
    </Flex>
  );
}

function RiskHeader({ a }: { a: RiskAssessmentPage }) {
  const { formatDateTime } = useI18n();
  const text = useRiskText();
  const names = useCaseNames();
  return (
    <Card size="small" data-testid="risk-header">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'number', label: text.number, children: <span data-testid="risk-number">{a.number}</span> },
          { key: 'state', label: text.state, children: <StateTag state={a.state} names={text.stateName} testId="risk-state" /> },
          { key: 'rating', label: text.rating, children: <RatingTag rating={a.rating} /> },
          { key: 'body', label: text.decisionBody, children: a.decisionBody },
          { key: 'owner', label: text.owner, children: names.unit(a.ownerUnitId, a.ownerUnitName) },
          { key: 'region', label: text.region, children: `${a.regionName}（${a.regionCode}）` },
          { key: 'people', label: text.peopleAffected, children: a.peopleAffected.toLocaleString() },
          { key: 'registeredAt', label: text.registeredAt, children: formatDateTime(a.registeredAt) },
          ...(a.planDueOn ? [{ key: 'due', label: text.planDueOn, children: a.planDueOn }] : []),
          ...(a.decision ? [{ key: 'decision', label: text.decisionTaken, children: <span data-testid="risk-decision">{text.decisionName[a.decision]}</span> }] : []),
          ...(a.reassessments > 0 ? [{ key: 're', label: text.reassessments, children: a.reassessments }] : []),
          ...(a.decisionNote ? [{ key: 'dn', label: text.decisionNote, children: a.decisionNote }] : []),
          ...(a.reviewNote ? [{ key: 'rn', label: text.reviewNote, children: a.reviewNote }] : []),
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>{a.summary}</Typography.Paragraph>
      {a.plan ? (
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {`${text.plan}：${a.plan}`}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

function OpinionsCard({ a, rules }: { a: RiskAssessmentPage; rules: RiskRules | null }) {
  const { pick } = useI18n();
  const text = useRiskText();
  const kindName = (k: string) => {
    const kind = rules?.opinionKinds.find((x) => x.id === k);
    return kind ? pick(kind) : k;
  };
  return (
    <Card size="small" title={text.opinions}>
      {a.opinions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.noOpinions} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={a.opinions}
          data-testid="risk-opinions"
          columns={[
            { key: 'kind', title: text.opinionKind, render: (_, o) => kindName(o.kind) },
            { key: 'heldOn', title: text.heldOn, dataIndex: 'heldOn' },
            { key: 'participants', title: text.participants, dataIndex: 'participants', align: 'right' },
            { key: 'for', title: text.countFor, dataIndex: 'countFor', align: 'right' },
            { key: 'against', title: text.countAgainst, dataIndex: 'countAgainst', align: 'right' },
            { key: 'summary', title: text.summary, dataIndex: 'summary' },
          ]}
        />
      )}
    </Card>
  );
}

interface RiskActForm {
  plan?: string;
  dueOn?: string;
  kind?: string;
  heldOn?: string;
  summary?: string;
  participants?: number;
  countFor?: number;
  countAgainst?: number;
  title?: string;
  likelihood?: number;
  impact?: number;
  mitigation?: string;
  decision?: string;
  note?: string;
  riskItemId?: string;
  action?: string;
  responsibleUnitId?: string;
  explanations?: Record<string, string>;
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function RiskActionModal({
  a,
  rules,
  acting,
  onClose,
  onDone,
}: {
  a: RiskAssessmentPage;
  rules: RiskRules | null;
  acting: Acting;
  onClose: () => void;
  onDone: (page: RiskAssessmentPage) => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const text = useRiskText();
  const { action } = acting;
  const name = text.actionName[action] ?? action;
  const units = useUnitsOf(RESPONSIBLE_AGENCIES, action === 'add-mitigation');
  const scale = (which: 'likelihood' | 'impact') =>
    [1, 2, 3, 4, 5].map((v) => ({ value: v, label: rules ? `${v} ${pick(rules.matrix[which][v - 1]!)}` : String(v) }));
  const required = (f: string) => [{ required: true, message: text.required(f) }];
  const requiredText = (f: string) => [{ required: true, whitespace: true, message: text.required(f) }];
  const openMitigations = a.mitigations.filter((m) => m.state === 'open');
  const initial: Partial<RiskActForm> =
    action === 'edit-risk' && acting.risk
      ? { title: acting.risk.title, likelihood: acting.risk.likelihood, impact: acting.risk.impact, mitigation: acting.risk.mitigation }
      : action === 'add-opinion'
        ? { kind: 'public-comment', heldOn: today(), participants: 0, countFor: 0, countAgainst: 0 }
        : {};

  const send = async (v: RiskActForm): Promise<RiskAssessmentPage> => {
    const note = v.note?.trim() ? { note: v.note.trim() } : {};
    switch (action) {
      case 'plan':
        return riskApi.plan(a.id, { plan: v.plan!.trim(), dueOn: v.dueOn! });
      case 'add-opinion':
        return riskApi.addOpinion(a.id, {
          kind: v.kind as (typeof OPINION_KINDS)[number], heldOn: v.heldOn!, summary: v.summary!.trim(),
          participants: v.participants ?? 0, countFor: v.countFor ?? 0, countAgainst: v.countAgainst ?? 0,
        });
      case 'list-risk':
        return riskApi.listRisk(a.id, { title: v.title!.trim(), likelihood: v.likelihood!, impact: v.impact!, mitigation: v.mitigation!.trim() });
      case 'edit-risk':
        return riskApi.editRisk(a.id, acting.risk!.id, { title: v.title!.trim(), likelihood: v.likelihood!, impact: v.impact!, mitigation: v.mitigation!.trim() });
      case 'rate':
        return riskApi.rate(a.id, note);
      case 'decide':
        return riskApi.decide(a.id, { decision: v.decision as RiskAssessmentPage['allowedDecisions'][number], ...note });
      case 'add-mitigation':
        return riskApi.addMitigation(a.id, { riskItemId: v.riskItemId!, action: v.action!.trim(), responsibleUnitId: v.responsibleUnitId!, dueOn: v.dueOn! });
      case 'complete-mitigation':
        return riskApi.completeMitigation(a.id, acting.mitigation!.id, note);
      case 'review':
        return riskApi.review(a.id, {
          note: v.note?.trim() ?? '',
          explanations: openMitigations.filter((m) => v.explanations?.[m.id]?.trim()).map((m) => ({ mitigationId: m.id, explanation: v.explanations![m.id]!.trim() })),
        });
      default: {
        const never: never = action;
        throw new Error(`unknown step ${String(never)}`);
      }
    }
  };

  return (
    <FormModal<RiskActForm>
      title={`${name} · ${a.number}`}
      okText={t.common.submit}
      testId={`risk-act-${action}`}
      initialValues={initial}
      onClose={onClose}
      onSubmit={async (v) => {
        const page = await send(v);
        message.success(text.submitDone(name));
        onDone(page);
      }}
    >
      {action === 'plan' ? (
        <>
          <Form.Item name="plan" label={text.plan} rules={requiredText(text.plan)}>
            <Input.TextArea rows={4} maxLength={5000} showCount data-testid="risk-act-plan-text" />
          </Form.Item>
          <Form.Item name="dueOn" label={text.planDueOn} rules={required(text.planDueOn)}>
            <Input type="date" data-testid="risk-act-due" />
          </Form.Item>
        </>
      ) : null}
      {action === 'add-opinion' ? (
        <>
          <Flex gap={12}>
            <Form.Item name="kind" label={text.opinionKind} style={{ flex: 1 }} rules={required(text.opinionKind)}>
              <Select
                options={OPINION_KINDS.map((k) => {
                  const kind = rules?.opinionKinds.find((x) => x.id === k);
                  return { value: k, label: kind ? pick(kind) : k };
                })}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="risk-act-kind"
              />
            </Form.Item>
            <Form.Item name="heldOn" label={text.heldOn} style={{ flex: 1 }} rules={required(text.heldOn)}>
              <Input type="date" data-testid="risk-act-held-on" />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="participants" label={text.participants} style={{ flex: 1 }}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="risk-act-participants" />
            </Form.Item>
            <Form.Item name="countFor" label={text.countFor} style={{ flex: 1 }}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="risk-act-for" />
            </Form.Item>
            <Form.Item name="countAgainst" label={text.countAgainst} style={{ flex: 1 }}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="risk-act-against" />
            </Form.Item>
          </Flex>
          <Form.Item name="summary" label={text.summary} rules={requiredText(text.summary)}>
            <Input.TextArea rows={3} maxLength={5000} showCount data-testid="risk-act-summary" />
          </Form.Item>
        </>
      ) : null}
      {action === 'list-risk' || action === 'edit-risk' ? (
        <>
          <Form.Item name="title" label={text.riskTitle} rules={requiredText(text.riskTitle)}>
            <Input maxLength={200} data-testid="risk-act-title" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="likelihood" label={text.likelihood} style={{ flex: 1 }} rules={required(text.likelihood)}>
              <Select options={scale('likelihood')} showSearch={{ optionFilterProp: 'label' }} data-testid="risk-act-likelihood" />
            </Form.Item>
            <Form.Item name="impact" label={text.impact} style={{ flex: 1 }} rules={required(text.impact)}>
              <Select options={scale('impact')} showSearch={{ optionFilterProp: 'label' }} data-testid="risk-act-impact" />
            </Form.Item>
          </Flex>
          <Form.Item name="mitigation" label={text.riskMitigation} rules={requiredText(text.riskMitigation)}>
            <Input.TextArea rows={3} maxLength={5000} showCount data-testid="risk-act-mitigation" />
          </Form.Item>
        </>
      ) : null}
      {action === 'rate' && a.proposedRating ? (
        <Alert
          type={a.proposedRating.rating === 'high' ? 'error' : a.proposedRating.rating === 'medium' ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          title={text.proposed(text.levelName[a.proposedRating.rating])}
          description={a.proposedRating.reasons.map((r) => pick(r)).join('；') || undefined}
        />
      ) : null}
      {action === 'decide' ? (
        <Form.Item name="decision" label={text.decisionTaken} rules={required(text.decisionTaken)}>
          <Select options={a.allowedDecisions.map((d) => ({ value: d, label: text.decisionName[d] }))} showSearch={{ optionFilterProp: 'label' }} data-testid="risk-act-decision" />
        </Form.Item>
      ) : null}
      {action === 'add-mitigation' ? (
        <>
          <Form.Item name="riskItemId" label={text.riskTitle} rules={required(text.riskTitle)}>
            <Select options={a.risks.map((r, i) => ({ value: r.id, label: `R${i + 1} ${r.title}` }))} showSearch={{ optionFilterProp: 'label' }} data-testid="risk-act-risk" />
          </Form.Item>
          <Form.Item name="action" label={text.action} rules={requiredText(text.action)}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="risk-act-action" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="responsibleUnitId" label={text.responsible} style={{ flex: 2 }} rules={required(text.responsible)}>
              <UnitPicker units={units.data?.filter((u) => u.regionCode.startsWith(a.regionCode.slice(0, 4)))} loading={units.isLoading} placeholder={text.responsible} testId="risk-act-unit" />
            </Form.Item>
            <Form.Item name="dueOn" label={text.dueOn} style={{ flex: 1 }} rules={required(text.dueOn)}>
              <Input type="date" data-testid="risk-act-due" />
            </Form.Item>
          </Flex>
        </>
      ) : null}
      {action === 'review'
        ? openMitigations.map((m) => (
            <Form.Item key={m.id} name={['explanations', m.id]} label={text.explanation(m.action)}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="risk-act-explanation" />
            </Form.Item>
          ))
        : null}
      {action === 'rate' || action === 'decide' || action === 'complete-mitigation' || action === 'review' ? (
        <Form.Item name="note" label={action === 'review' ? text.reviewNote : text.note} rules={action === 'review' ? requiredText(text.reviewNote) : []}>
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="risk-act-note" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
