import { Button, Card, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { CasePerson, CaseView } from '../../api/types.ts';
import { useCan } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { AddPersonModal } from './add-person-modal.tsx';
import { useCaseNames } from './case-names.ts';
import { MeasureDialog } from './measure-dialog.tsx';
import { PersonRevealModal } from './person-reveal-modal.tsx';

/** Persons whose liberty a coercive measure concerns. */
const MEASURED_ROLES = new Set(['suspect', 'defendant', 'convict']);

/** The parties, masked, with their coercive measures; reveal (audited) and, for the holder, measures and additions. */
export function PersonsSection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const names = useCaseNames();
  const [revealing, setRevealing] = useState<CasePerson | null>(null);
  const [measuring, setMeasuring] = useState<CasePerson | null>(null);
  const [adding, setAdding] = useState(false);
  const text = t.cases.persons;
  const mayWrite = view.youHold && can('case:update');
  const mayReveal = can('case:reveal');

  const columns: TableColumnsType<CasePerson> = [
    { key: 'role', title: text.role, render: (_, p) => names.personRole(p.role) },
    { key: 'name', title: text.name, dataIndex: 'name' },
    { key: 'idNumber', title: text.idNumber, render: (_, p) => p.idNumber ?? t.common.none },
    { key: 'phone', title: text.phone, render: (_, p) => p.phone ?? t.common.none },
    {
      key: 'measure',
      title: text.measure,
      render: (_, p) => (
        <Space size={4} data-testid="person-measure">
          {p.measure ? <Tag color="purple">{names.measure(p.measure)}</Tag> : t.common.none}
          {p.inCustody ? <Tag color="red">{text.inCustody}</Tag> : null}
        </Space>
      ),
    },
  ];
  if (mayReveal || mayWrite) {
    columns.push({
      key: 'actions',
      title: text.actions,
      render: (_, p) => (
        <Space size={0}>
          {mayReveal ? (
            <Button type="link" size="small" onClick={() => setRevealing(p)} data-testid="person-reveal">
              {text.reveal}
            </Button>
          ) : null}
          {mayWrite && MEASURED_ROLES.has(p.role) ? (
            <Button type="link" size="small" onClick={() => setMeasuring(p)} data-testid="person-measure-change">
              {text.changeMeasure}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  return (
    <Card
      title={text.title}
      size="small"
      extra={
        mayWrite ? (
          <Button size="small" onClick={() => setAdding(true)} data-testid="person-add">
            {text.add}
          </Button>
        ) : null
      }
      data-testid="case-persons"
    >
      <Table<CasePerson>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={view.persons}
        pagination={false}
        locale={{ emptyText: text.empty }}
        scroll={{ x: 'max-content' }}
      />
      {revealing ? <PersonRevealModal caseId={view.id} person={revealing} onClose={() => setRevealing(null)} /> : null}
      {measuring ? (
        <MeasureDialog
          view={view}
          person={measuring}
          onClose={() => setMeasuring(null)}
          onDone={() => {
            setMeasuring(null);
            onChanged();
          }}
        />
      ) : null}
      {adding ? (
        <AddPersonModal
          caseId={view.id}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}
