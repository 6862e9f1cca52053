import { Alert, Button, Card, Descriptions, Flex, Rate, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { agreementPdfUrl, governanceApi } from '../../api/governance-client.ts';
import { DISPUTE_ACTIONS } from '../../api/governance-types.ts';
import type { DisputeAction, DisputePage, DisputeParty, MatterClock } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { maskName, maskPhone, maskResidentId } from '../../../../src/shared/masking.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { DisputeActionModal } from './dispute-action-modal.tsx';
import { RiskTag } from './dispute-list-page.tsx';
import { formatYuan, isOpenDispute, knownUnits } from './governance-format.ts';
import { ClocksCard, DueCell, MatterTimeline, StateTag } from './governance-parts.tsx';

/** One dispute (/disputes/:id): where it stands, its parties, clocks, agreement and timeline, and the steps the caller may take. */
export default function DisputePageView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const text = t.governance.dispute;
  const names = useCaseNames();
  const view = useApi((signal) => governanceApi.dispute(id, { signal }), [id]);
  // an action answers the page as it then stands (parties masked): shown until the next reload
  const [acted, setActed] = useState<DisputePage | null>(null);
  const [acting, setActing] = useState<DisputeAction | null>(null);

  const d = acted && acted.id === id ? acted : view.data;
  if (!d) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  const actions = DISPUTE_ACTIONS.filter((a) => d.actions.includes(a));
  const stepName = text.stepClock((t.governance.disputeState as Record<string, string>)[d.state] ?? d.state);
  const reload = () => {
    setActed(null);
    view.reload();
  };

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={<span data-testid="dispute-title">{`${d.number} ${t.governance.list.title}`}</span>}
        back={{ to: '/disputes', text: text.back }}
        reload={{ onClick: reload, loading: view.isLoading, text: text.reload, testId: 'dispute-reload' }}
        error={view.error}
      />
      <DisputeHeader d={d} />
      {d.reopened ? (
        <Alert
          type="info"
          showIcon
          data-testid="dispute-reopened"
          title={
            <span>
              {t.governance.desk.reopened(d.number)}{' '}
              <Link to={`/disputes/${d.reopened.id}`} data-testid="dispute-reopened-link">
                {d.reopened.number}
              </Link>
            </span>
          }
        />
      ) : null}
      <Card size="small" title={text.actions} data-testid="dispute-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{text.noActions}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'note' || a === 'withdraw' ? 'default' : 'primary'}
                danger={a === 'withdraw'}
                onClick={() => setActing(a)}
                data-testid={`dispute-action-${a}`}
              >
                {t.governance.disputeAction[a]}
              </Button>
            ))}
          </Flex>
        )}
      </Card>
      <PartiesCard d={d} />
      <ClocksCard
        clocks={withStepClock(d, stepName)}
        title={text.clocks}
        testId="dispute-clocks"
        unitNames={knownUnits([
          [d.intakeUnitId, d.intakeUnitName],
          [d.handlingUnitId, d.handlingUnitName],
          [d.agreement?.courtUnitId, d.agreement?.courtUnitName],
          ...d.events.map((e) => [e.unitId, e.unitName] as const),
        ])}
      />
      {d.agreement ? <AgreementCard d={d} /> : null}
      <Card size="small" title={text.timeline}>
        <MatterTimeline
          testId="dispute-timeline"
          entries={d.events.map((e) => ({
            ...e,
            extra: eventExtra(e.data, d, t.governance, names.unit),
          }))}
          kindName={(k) =>
            (t.governance.disputeAction as Record<string, string>)[k] ?? t.governance.disputeEvent[k] ?? k
          }
          stateName={(s) => (t.governance.disputeState as Record<string, string>)[s] ?? s}
        />
      </Card>
      {acting ? (
        <DisputeActionModal
          dispute={d}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(page) => {
            setActing(null);
            if (page.reopened) setActed(page);
            else reload();
          }}
        />
      ) : null}
    </Flex>
  );
}

/** The statutory clocks, and first the current step's own due moment (dispute-types.yaml's step periods) while open. */
function withStepClock(d: DisputePage, name: string): MatterClock[] {
  if (!d.dueAt || !isOpenDispute(d.state)) return d.clocks;
  const step: MatterClock = {
    id: 'step',
    ruleId: 'step',
    name: { zh: name, en: name },
    state: 'running',
    dueAt: d.dueAt,
    provisional: false,
    unitId: d.handlingUnitId ?? d.intakeUnitId,
    startedAt: d.updatedAt,
  };
  return [step, ...d.clocks];
}

/** What a timeline entry's data adds: the unit routed to, the satisfaction given, the new registration of a reopen. */
function eventExtra(
  data: Record<string, unknown>,
  d: DisputePage,
  g: ReturnType<typeof useI18n>['t']['governance'],
  unitName: (id: string | null, zhName: string | null) => string,
) {
  const parts: ReactNode[] = [];
  if (typeof data.unitName === 'string') {
    const kind = typeof data.kind === 'string' ? (g.routeKind as Record<string, string>)[data.kind] ?? data.kind : null;
    const unit = unitName(typeof data.unitId === 'string' ? data.unitId : null, data.unitName);
    parts.push(<div key="unit">{kind ? `${kind} · ${unit}` : unit}</div>);
  }
  if (typeof data.satisfaction === 'number') parts.push(<Rate key="sat" disabled value={data.satisfaction} style={{ fontSize: 14 }} />);
  if (typeof data.number === 'string' && typeof data.id === 'string' && data.id !== d.id) {
    parts.push(
      <Link key="re" to={`/disputes/${data.id}`}>
        {data.number}
      </Link>,
    );
  }
  return parts.length > 0 ? <div>{parts}</div> : undefined;
}

function DisputeHeader({ d }: { d: DisputePage }) {
  const { t, pick, lang, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.governance.dispute;
  const list = t.governance.list;
  return (
    <Card size="small" data-testid="dispute-header">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'number', label: list.number, children: <span data-testid="dispute-number">{d.number}</span> },
          {
            key: 'state',
            label: list.state,
            children: <StateTag state={d.state} names={t.governance.disputeState} testId="dispute-state" />,
          },
          { key: 'due', label: list.due, children: <DueCell dueAt={d.dueAt} overdue={d.overdue} daysLeft /> },
          { key: 'type', label: list.type, children: <span data-testid="dispute-type">{pick(d.typeName)}</span> },
          { key: 'risk', label: list.risk, children: <RiskTag risk={d.riskLevel} /> },
          {
            key: 'urgency',
            label: t.governance.act.urgency,
            children: (t.governance.urgency as Record<string, string>)[d.urgency] ?? d.urgency,
          },
          { key: 'channel', label: text.channel, children: (t.governance.channel as Record<string, string>)[d.channel] ?? d.channel },
          { key: 'intake', label: text.intakeUnit, children: names.unit(d.intakeUnitId, d.intakeUnitName) },
          {
            key: 'handling',
            label: text.handlingUnit,
            children: (
              <span data-testid="dispute-handling-unit">
                {d.handlingUnitId ? names.unit(d.handlingUnitId, d.handlingUnitName) : t.common.none}
              </span>
            ),
          },
          ...(d.routeKind
            ? [{ key: 'kind', label: text.routeKind, children: (t.governance.routeKind as Record<string, string>)[d.routeKind] ?? d.routeKind }]
            : []),
          ...(d.amount !== null ? [{ key: 'amount', label: text.amount, children: text.amountValue(formatYuan(d.amount, lang)) }] : []),
          { key: 'region', label: text.region, children: d.regionCode },
          { key: 'created', label: text.createdAt, children: formatDateTime(d.createdAt) },
          { key: 'tracking', label: text.trackingCode, children: <Typography.Text code>{d.trackingCode}</Typography.Text> },
          ...(d.reopenedFrom && d.reopenedFromNumber
            ? [
                {
                  key: 'reopenedFrom',
                  label: text.reopenedFrom,
                  children: (
                    <Link to={`/disputes/${d.reopenedFrom}`} data-testid="dispute-reopened-from">
                      {d.reopenedFromNumber}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(d.outcome
            ? [{ key: 'outcome', label: text.outcome, children: <span data-testid="dispute-outcome">{t.governance.outcome[d.outcome] ?? d.outcome}</span> }]
            : []),
          ...(d.referredTo ? [{ key: 'referredTo', label: text.referredTo, children: d.referredTo }] : []),
          ...(d.satisfaction !== null
            ? [
                {
                  key: 'satisfaction',
                  label: text.satisfaction,
                  children: (
                    <span data-testid="dispute-satisfaction" data-value={d.satisfaction}>
                      <Rate disabled value={d.satisfaction} style={{ fontSize: 14 }} /> {text.stars(d.satisfaction)}
                    </span>
                  ),
                },
              ]
            : []),
          ...(d.visitNote ? [{ key: 'visit', label: text.visitNote, children: d.visitNote }] : []),
          { key: 'followUps', label: text.followUps, children: d.followUps },
          ...(d.side ? [{ key: 'side', label: text.yourSide, children: text.side[d.side] ?? d.side }] : []),
        ]}
      />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'summary',
            label: text.summary,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="dispute-summary">
                {d.summary}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A party as the screen shows it until "show personal data": masked with the server's own masking. */
function maskedParty(p: DisputeParty): DisputeParty {
  return {
    ...p,
    name: p.kind === 'person' ? maskName(p.name) : p.name,
    phone: maskPhone(p.phone),
    idNumber: p.kind === 'person' ? maskResidentId(p.idNumber) : p.idNumber,
    address: p.address === null ? null : '***',
  };
}

/**
 * The parties. For a unit working the dispute the server sends them whole and records that read in the audit log;
 * the screen still shows them masked until the user asks, so nobody reads them over a shoulder.
 */
function PartiesCard({ d }: { d: DisputePage }) {
  const { t } = useI18n();
  const text = t.governance.dispute;
  const desk = t.governance.desk;
  const whole = d.personalData === 'whole';
  const [shown, setShown] = useState(false);
  const rows = whole && shown ? d.parties : whole ? d.parties.map(maskedParty) : d.parties;
  const columns: TableColumnsType<DisputeParty> = [
    { key: 'role', title: desk.role, render: (_, p) => t.governance.partyRole[p.role] ?? p.role },
    { key: 'kind', title: desk.kind, render: (_, p) => t.governance.partyKind[p.kind] ?? p.kind },
    { key: 'name', title: desk.name, render: (_, p) => <span data-testid="party-name">{p.name}</span> },
    { key: 'phone', title: desk.phone, render: (_, p) => <span data-testid="party-phone">{p.phone ?? t.common.none}</span> },
    { key: 'idNumber', title: desk.idNumber, render: (_, p) => p.idNumber ?? t.common.none },
    { key: 'address', title: desk.address, render: (_, p) => p.address ?? t.common.none },
  ];
  return (
    <Card
      size="small"
      title={text.parties}
      data-testid="dispute-parties"
      extra={
        whole ? (
          <Button size="small" onClick={() => setShown((s) => !s)} data-testid="dispute-reveal">
            {shown ? text.hidePersonal : text.showPersonal}
          </Button>
        ) : null
      }
    >
      {whole && shown ? <Alert type="info" showIcon title={text.partiesWhole} style={{ marginBottom: 8 }} data-testid="dispute-reveal-audited" /> : null}
      {!whole ? <Tag style={{ marginBottom: 8 }}>{text.partiesMasked}</Tag> : null}
      <Table<DisputeParty> rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}

function AgreementCard({ d }: { d: DisputePage }) {
  const { t, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.governance.dispute;
  const a = d.agreement;
  if (!a) return null;
  return (
    <Card
      size="small"
      title={text.agreement}
      data-testid="dispute-agreement"
      extra={
        <a href={agreementPdfUrl(d.id)} target="_blank" rel="noopener noreferrer" data-testid="dispute-agreement-pdf">
          {text.openPdf}
        </a>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'signedAt', label: text.signedAt, children: formatDateTime(a.signedAt) },
          {
            key: 'seal',
            label: text.sealValid,
            children:
              a.seal === null ? (
                t.common.none
              ) : a.seal.valid ? (
                <Tag color="green" data-testid="dispute-seal" data-valid="true">
                  {text.sealValid}
                </Tag>
              ) : (
                <Tag color="red" data-testid="dispute-seal" data-valid="false">
                  {text.sealInvalid}
                </Tag>
              ),
          },
          {
            key: 'confirmation',
            label: text.confirmationState,
            children: t.governance.confirmation[a.confirmationState] ?? a.confirmationState,
          },
          ...(a.courtUnitId ? [{ key: 'court', label: text.court, children: names.unit(a.courtUnitId, a.courtUnitName) }] : []),
          ...(a.decisionNote ? [{ key: 'decisionNote', label: text.decisionNote, children: a.decisionNote }] : []),
          { key: 'sm3', label: text.pdfSm3, children: <Typography.Text code style={{ fontSize: 11 }}>{a.pdfSm3}</Typography.Text> },
          {
            key: 'terms',
            label: text.terms,
            span: 'filled',
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.terms}</Typography.Paragraph>,
          },
          {
            key: 'performance',
            label: text.performance,
            span: 'filled',
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.performance}</Typography.Paragraph>,
          },
        ]}
      />
    </Card>
  );
}
