// Pieces the governance pages share: state tags, a due cell, the clocks card, a timeline, the units of some agencies.
import { Card, Empty, Flex, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { api } from '../../api/client.ts';
import type { MatterClock } from '../../api/governance-types.ts';
import type { Agency, Unit } from '../../api/types.ts';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { ClockTables } from '../cases/clocks-section.tsx';
import { DaysLeftTag, daysLeftUntil } from '../cases/days-left.tsx';
import { dueDay } from '../oversight/oversight-format.ts';
import { splitClocks } from './governance-format.ts';

const STATE_COLOURS: Record<string, string> = {
  intake: 'blue',
  reported: 'blue',
  received: 'blue',
  assessed: 'cyan',
  routed: 'geekblue',
  accepted: 'geekblue',
  escalated: 'orange',
  handling: 'purple',
  agreement: 'green',
  confirmed: 'green',
  handled: 'lime',
  verified: 'lime',
  'opinion-issued': 'lime',
  'no-agreement': 'volcano',
  refused: 'volcano',
  'not-accepted': 'volcano',
  objected: 'orange',
  'confirmation-requested': 'gold',
  'review-requested': 'gold',
  'rereview-requested': 'gold',
  'review-answered': 'lime',
  closed: 'default',
  rated: 'default',
  final: 'default',
  'followed-up': 'default',
  withdrawn: 'default',
  'in-legal-procedure': 'magenta',
};

/** A state as its users name it, coloured by where it stands. */
export function StateTag({ state, names, testId }: { state: string; names: Record<string, string>; testId: string }) {
  return (
    <Tag color={STATE_COLOURS[state] ?? 'default'} data-testid={testId} data-state={state}>
      {names[state] ?? state}
    </Tag>
  );
}

/** A due moment as its day, red with an overdue tag when past; on a matter's page also the days left. */
export function DueCell({ dueAt, overdue, daysLeft = false }: { dueAt: string | null; overdue: boolean; daysLeft?: boolean }) {
  const { t } = useI18n();
  if (!dueAt) return <>{t.common.none}</>;
  return (
    <Flex gap={4} align="center">
      <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue}>
        {dueDay(dueAt)}
      </Typography.Text>
      {overdue ? (
        <Tag color="red" data-testid="overdue">
          {t.governance.list.overdue}
        </Tag>
      ) : daysLeft ? (
        <DaysLeftTag daysLeft={daysLeftUntil(dueAt)} />
      ) : null}
    </Flex>
  );
}

/**
 * A matter's statutory clocks: each running one with its due moment and days left, the stopped ones folded away.
 * `unitNames` names the units the page knows (the clocks carry ids only).
 */
export function ClocksCard({
  clocks,
  testId,
  title,
  unitNames,
}: {
  clocks: MatterClock[];
  testId: string;
  title: string;
  unitNames: ReadonlyMap<string, string>;
}) {
  const { t, pick, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.governance.clocks;
  const { live, stopped } = splitClocks(clocks);
  const columns = (withLeft: boolean): TableColumnsType<MatterClock> => [
    { key: 'name', title: text.name, render: (_, k) => <span data-testid="clock-name">{pick(k.name)}</span> },
    { key: 'unit', title: t.governance.list.unit, render: (_, k) => (k.unitId ? names.unit(k.unitId, unitNames.get(k.unitId) ?? null) : t.common.none) },
    {
      key: 'due',
      title: text.due,
      render: (_, k) => (
        <span data-testid="clock-due">
          {k.dueAt ? formatDateTime(k.dueAt) : t.common.none}
          {k.provisional ? (
            <Tooltip title={text.provisionalHint}>
              <Tag style={{ marginInlineStart: 8 }}>{text.provisional}</Tag>
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    withLeft
      ? {
          key: 'left',
          title: text.left,
          render: (_, k) =>
            k.dueAt && k.state === 'running' ? (
              <DaysLeftTag daysLeft={daysLeftUntil(k.dueAt)} />
            ) : (
              <Tag>{text.stateName[k.state] ?? k.state}</Tag>
            ),
        }
      : { key: 'state', title: text.state, render: (_, k) => text.stateName[k.state] ?? k.state },
  ];
  return (
    <Card size="small" title={title} data-testid={testId}>
      <ClockTables<MatterClock> live={live} stopped={stopped} columns={columns} rowKey={(k) => k.id ?? `${k.ruleId}-${k.startedAt}`} text={text} />
    </Card>
  );
}

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  unitId: string | null;
  unitName: string | null;
  note: string | null;
  fromState: string | null;
  toState: string | null;
  /** More to say under the entry (a new due day, a unit routed to). */
  extra?: ReactNode;
}

/** A matter's history, oldest first: when, what, which unit, the state change and the note. */
export function MatterTimeline({
  entries,
  kindName,
  stateName,
  testId,
}: {
  entries: TimelineEntry[];
  kindName: (kind: string) => string;
  stateName: (state: string) => string;
  testId: string;
}) {
  const { formatDateTime } = useI18n();
  const names = useCaseNames();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid={testId}
      items={entries.map((e) => ({
        key: e.id,
        color: e.toState === 'withdrawn' || e.toState === 'refused' || e.toState === 'not-accepted' ? 'red' : 'blue',
        content: (
          <div data-testid={`${testId}-event`} data-kind={e.kind}>
            <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>{' '}
            <Typography.Text strong>{kindName(e.kind)}</Typography.Text>
            {e.unitName ? <Typography.Text type="secondary">{` · ${names.unit(e.unitId, e.unitName)}`}</Typography.Text> : null}
            {e.fromState && e.toState && e.fromState !== e.toState ? (
              <Typography.Text type="secondary">{` · ${stateName(e.fromState)} → ${stateName(e.toState)}`}</Typography.Text>
            ) : null}
            {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
            {e.extra ?? null}
          </div>
        ),
      }))}
    />
  );
}

/** The units of some agencies in the caller's sight, ordered by region, for a searchable picker (none when disabled). */
export function useUnitsOf(agencies: readonly string[], enabled = true) {
  const key = agencies.join(',');
  return useApi(
    async (signal) => {
      if (!enabled || agencies.length === 0) return [] as Unit[];
      const pages = await Promise.all(agencies.map((agency) => api.units({ agency: agency as Agency, pageSize: 500 }, { signal })));
      return pages.flatMap((p) => p.items).sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name));
    },
    [key, enabled],
    { forbidden: 'inline' },
  );
}
