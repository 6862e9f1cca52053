import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { LEGAL_ROUTES, PETITION_ACTIONS, PETITION_OUTCOMES } from '../../api/governance-types.ts';
import type { PetitionAction, PetitionOutcome, PetitionPage, PetitionStepBody } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { useApi } from '../../components/use-api.ts';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useI18n } from '../../i18n.ts';
import { maskName, maskPhone, maskResidentId } from '../../../../src/shared/masking.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { knownUnits, petitionNeeds, petitionTakesNote } from './governance-format.ts';
import { ClocksCard, DueCell, MatterTimeline, StateTag, useUnitsOf } from './governance-parts.tsx';

/** One petition (/petitions/:id): the petitioner (masked but for the bodies handling it), clocks, timeline, linked case, steps. */
export default function PetitionPageView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const text = t.governance.petition;
  const view = useApi((signal) => governanceApi.petition(id, { signal }), [id]);
  const [acting, setActing] = useState<PetitionAction | null>(null);

  const p = view.data;
  if (!p) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  const actions = PETITION_ACTIONS.filter((a) => p.actions.includes(a));

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={<span data-testid="petition-title">{`${p.number} ${p.subject}`}</span>}
        back={{ to: '/petitions', text: text.back }}
        reload={{ onClick: view.reload, loading: view.isLoading, text: text.reload, testId: 'petition-reload' }}
        error={view.error}
      />
      <PetitionHeader p={p} />
      {p.case ? <CaseCard p={p} /> : null}
      <Card size="small" title={text.actions} data-testid="petition-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{text.noActions}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button key={a} type="primary" ghost={a === 'refuse' || a === 'object'} onClick={() => setActing(a)} data-testid={`petition-action-${a}`}>
                {t.governance.petitionAction[a]}
              </Button>
            ))}
          </Flex>
        )}
      </Card>
      <ClocksCard
        clocks={p.clocks}
        title={text.clocks}
        testId="petition-clocks"
        unitNames={knownUnits([
          [p.receivingUnitId, p.receivingUnitName],
          [p.handlingUnitId, p.handlingUnitName],
          ...p.events.map((e) => [e.unitId, e.unitName] as const),
        ])}
      />
      <Card size="small" title={text.timeline}>
        <MatterTimeline
          testId="petition-timeline"
          entries={p.events}
          kindName={(k) => (t.governance.petitionAction as Record<string, string>)[k] ?? t.governance.petitionEvent[k] ?? k}
          stateName={(s) => (t.governance.petitionState as Record<string, string>)[s] ?? s}
        />
      </Card>
      {acting ? (
        <PetitionActionModal
          petition={p}
          action={acting}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            view.reload();
          }}
        />
      ) : null}
    </Flex>
  );
}

function PetitionHeader({ p }: { p: PetitionPage }) {
  const { t, pick, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.governance.petition;
  const list = t.governance.petitions;
  // sent whole to the bodies handling it (the server audits that read); on screen masked until asked for
  const whole = !p.petitioner.masked;
  const [shown, setShown] = useState(false);
  const person =
    whole && !shown
      ? { name: maskName(p.petitioner.name), phone: maskPhone(p.petitioner.phone), idNumber: maskResidentId(p.petitioner.idNumber) }
      : p.petitioner;
  return (
    <Card size="small" data-testid="petition-header">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'number', label: list.number, children: <span data-testid="petition-number">{p.number}</span> },
          { key: 'state', label: list.state, children: <StateTag state={p.state} names={t.governance.petitionState} testId="petition-state" /> },
          { key: 'due', label: list.nextDue, children: <DueCell dueAt={p.nextDueAt} overdue={p.overdue} daysLeft /> },
          { key: 'channel', label: list.channel, children: pick(p.channelName) },
          { key: 'respondent', label: list.respondent, children: p.respondent },
          { key: 'receiving', label: text.receivingUnit, children: names.unit(p.receivingUnitId, p.receivingUnitName) },
          {
            key: 'handling',
            label: list.handlingUnit,
            children: p.handlingUnitId ? names.unit(p.handlingUnitId, p.handlingUnitName) : t.common.none,
          },
          { key: 'received', label: list.receivedAt, children: formatDateTime(p.receivedAt) },
          ...(p.trackingCode ? [{ key: 'tracking', label: text.trackingCode, children: <Typography.Text code>{p.trackingCode}</Typography.Text> }] : []),
          ...(p.lawRelated ? [{ key: 'law', label: list.lawRelated, children: <Tag color="magenta">{list.lawRelated}</Tag> }] : []),
          ...(p.matterPetitions > 1
            ? [
                {
                  key: 'matter',
                  label: list.matter,
                  children: (
                    <Link to={`/petitions?matter=${p.id}`} data-testid="petition-matter">
                      {list.matterCount(p.matterPetitions)}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(p.outcome
            ? [{ key: 'outcome', label: text.outcome, children: (t.governance.petitionOutcome as Record<string, string>)[p.outcome] ?? p.outcome }]
            : []),
          ...(p.complexExtended ? [{ key: 'extended', label: text.extended, children: p.extensionReason ?? t.common.none }] : []),
          ...(p.side ? [{ key: 'side', label: text.yourSide, children: text.side[p.side] ?? p.side }] : []),
        ]}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginTop: 8 }}
        title={list.petitioner}
        extra={
          whole ? (
            <Button size="small" onClick={() => setShown((v) => !v)} data-testid="petitioner-reveal">
              {shown ? t.governance.dispute.hidePersonal : t.governance.dispute.showPersonal}
            </Button>
          ) : null
        }
        items={[
          { key: 'name', label: list.name, children: <span data-testid="petitioner-name">{person.name}</span> },
          { key: 'phone', label: list.phone, children: person.phone ?? t.common.none },
          { key: 'id', label: list.idNumber, children: person.idNumber ?? t.common.none },
        ]}
      />
      {!whole || shown ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={whole ? text.petitionerWhole : text.petitionerMasked}
          data-testid="petitioner-notice"
        />
      ) : null}
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'content',
            label: text.content,
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.content}</Typography.Paragraph>,
          },
          ...(p.opinion
            ? [
                {
                  key: 'opinion',
                  label: text.opinion,
                  children: (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="petition-opinion">
                      {p.opinion}
                    </Typography.Paragraph>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** The case a law-related petition was routed into: its stage and holder now, and a link to its page. */
function CaseCard({ p }: { p: PetitionPage }) {
  const { t, pick } = useI18n();
  const names = useCaseNames();
  const text = t.governance.petition;
  const c = p.case;
  if (!c) return null;
  return (
    <Card size="small" title={text.linkedCase} data-testid="petition-case">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          {
            key: 'case',
            label: text.linkedCase,
            children: (
              <Link to={`/cases/${c.id}`} data-testid="petition-case-link">
                {c.caseNumber}
              </Link>
            ),
          },
          { key: 'stage', label: text.caseStage, children: pick(c.stageName) },
          { key: 'holder', label: text.caseHolder, children: c.holderUnitId ? names.unit(c.holderUnitId, c.holderUnitName) : t.common.none },
          ...(p.legalRouteName ? [{ key: 'route', label: text.legalRoute, children: pick(p.legalRouteName) }] : []),
        ]}
      />
    </Card>
  );
}

interface PetitionActForm {
  note?: string;
  reason?: string;
  unitId?: string;
  outcome?: PetitionOutcome;
  opinion?: string;
  caseNumber?: string;
  legalRoute?: string;
}

/** Every agency's units may handle a petition (the office routes to the body responsible, of any agency). */
const HANDLING_AGENCIES = [
  'petition-office',
  'governance-center',
  'police',
  'procuratorate',
  'court',
  'justice-bureau',
  'mediation-committee',
  'committee',
  'prison',
  'detention-house',
  'correction-office',
];

function PetitionActionModal({
  petition,
  action,
  onClose,
  onDone,
}: {
  petition: PetitionPage;
  action: PetitionAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = t.governance.petitionAct;
  const actionName = t.governance.petitionAction[action];
  const needs = petitionNeeds(action);
  const units = useUnitsOf(HANDLING_AGENCIES, needs.unit !== undefined);
  const unitLabel = needs.unit === 'reviewUnitId' ? text.reviewUnit : needs.unit === 'rereviewUnitId' ? text.rereviewUnit : text.unit;

  return (
    <FormModal<PetitionActForm>
      title={t.governance.act.title(actionName, petition.number)}
      okText={t.common.submit}
      testId={`petition-act-${action}`}
      onClose={onClose}
      onSubmit={async (v) => {
        const body: PetitionStepBody = {};
        if (needs.unit && v.unitId) body[needs.unit] = v.unitId;
        if (needs.text === 'reason') body.reason = v.reason?.trim() ?? '';
        if (needs.opinion) {
          if (v.outcome) body.outcome = v.outcome;
          body.opinion = v.opinion?.trim() ?? '';
        }
        if (needs.legal) {
          body.caseNumber = v.caseNumber?.trim() ?? '';
          if (v.legalRoute) body.legalRoute = v.legalRoute;
        }
        if (petitionTakesNote(action) && v.note?.trim()) body.note = v.note.trim();
        await governanceApi.petitionStep(petition.id, action, body);
        message.success(t.governance.act.done(actionName));
        onDone();
      }}
    >
      {needs.unit ? (
        <Form.Item name="unitId" label={unitLabel} rules={[{ required: true, message: text.unitRequired }]}>
          <UnitPicker units={units.data} loading={units.isLoading} placeholder={t.governance.unitAny} testId="petition-act-unit" />
        </Form.Item>
      ) : null}
      {needs.opinion ? (
        <>
          <Form.Item name="outcome" label={text.outcome} rules={[{ required: true, message: text.outcomeRequired }]}>
            <Radio.Group options={PETITION_OUTCOMES.map((o) => ({ value: o, label: t.governance.petitionOutcome[o] }))} data-testid="petition-act-outcome" />
          </Form.Item>
          <Form.Item name="opinion" label={text.opinion} rules={[{ required: true, whitespace: true, message: text.opinionRequired }]}>
            <Input.TextArea rows={5} maxLength={20_000} showCount data-testid="petition-act-opinion" />
          </Form.Item>
        </>
      ) : null}
      {needs.legal ? (
        <>
          <Form.Item name="caseNumber" label={text.caseNumber} rules={[{ required: true, whitespace: true, message: text.caseNumberRequired }]}>
            <Input maxLength={60} data-testid="petition-act-case" />
          </Form.Item>
          <Form.Item name="legalRoute" label={text.legalRoute} rules={[{ required: true, message: text.legalRouteRequired }]}>
            <Select options={LEGAL_ROUTES.map((r) => ({ value: r, label: t.governance.legalRoute[r] ?? r }))} data-testid="petition-act-route" />
          </Form.Item>
        </>
      ) : null}
      {needs.text === 'reason' ? (
        <Form.Item name="reason" label={text.reason} rules={[{ required: true, whitespace: true, message: text.reasonRequired }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="petition-act-reason" />
        </Form.Item>
      ) : null}
      {petitionTakesNote(action) ? (
        <Form.Item name="note" label={text.note}>
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="petition-act-note" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
