import { Card, Collapse, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { CaseClock, CaseView } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';
import { DaysLeftTag } from './days-left.tsx';

/** Every running (or suspended) statutory clock with its basis and due moment, the soonest first; stopped ones folded away. */
export function ClocksSection({ view }: { view: CaseView }) {
  const { t, pick, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.cases.clocks;
  const live = view.clocks
    .filter((k) => k.state !== 'stopped')
    .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
  const stopped = view.clocks.filter((k) => k.state === 'stopped');

  const personOf = (k: CaseClock) => {
    if (!k.personId) return text.wholeCase;
    const p = view.persons.find((x) => x.id === k.personId);
    return p ? `${names.personRole(p.role)} ${p.name}` : t.common.none;
  };

  const columns = (withLeft: boolean): TableColumnsType<CaseClock> => [
    {
      key: 'name',
      title: text.name,
      render: (_, k) => (
        <Flex vertical>
          <span>{pick(k.name)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k.basis}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'person', title: text.person, render: (_, k) => personOf(k) },
    {
      key: 'due',
      title: text.due,
      render: (_, k) => (
        <>
          {k.dueAt ? formatDateTime(k.dueAt) : t.common.none}
          {k.provisional ? (
            <Tooltip title={text.provisionalHint}>
              <Tag style={{ marginInlineStart: 8 }}>{text.provisional}</Tag>
            </Tooltip>
          ) : null}
        </>
      ),
    },
    withLeft
      ? {
          key: 'left',
          title: text.left,
          render: (_, k) =>
            k.daysLeft !== null ? <DaysLeftTag daysLeft={k.daysLeft} /> : <Tag>{text.stateName[k.state] ?? k.state}</Tag>,
        }
      : { key: 'state', title: text.state, render: (_, k) => text.stateName[k.state] ?? k.state },
  ];

  return (
    <Card title={text.title} size="small" data-testid="case-clocks">
      <ClockTables<CaseClock> live={live} stopped={stopped} columns={columns} rowKey="id" text={text} stoppedTestId="case-clocks-stopped" />
    </Card>
  );
}

/**
 * A card's clocks: the running ones (with the days left) in a table, the stopped ones (with their state) folded
 * away below it. Shared by a case's clocks and a governance matter's.
 */
export function ClockTables<T extends object>({
  live,
  stopped,
  columns,
  rowKey,
  text,
  stoppedTestId,
}: {
  live: T[];
  stopped: T[];
  columns: (withLeft: boolean) => TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  /** The page's words: none running, and the stopped ones' fold. */
  text: { none: string; stopped: (n: number) => string };
  stoppedTestId?: string;
}) {
  return (
    <>
      <Table<T>
        rowKey={rowKey}
        size="small"
        columns={columns(true)}
        dataSource={live}
        pagination={false}
        locale={{ emptyText: text.none }}
        scroll={{ x: 'max-content' }}
      />
      {stopped.length > 0 ? (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'stopped',
              label: text.stopped(stopped.length),
              children: (
                <Table<T> rowKey={rowKey} size="small" columns={columns(false)} dataSource={stopped} pagination={false} scroll={{ x: 'max-content' }} />
              ),
            },
          ]}
          data-testid={stoppedTestId}
        />
      ) : null}
    </>
  );
}
