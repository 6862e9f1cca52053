import { Card, Descriptions, Space, Tag } from 'antd';
import type { CaseView } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

/** Who holds the case, where it stands, and whether it goes online or on paper. */
export function CaseHeader({ view }: { view: CaseView }) {
  const { t, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.cases.page;
  const returns = view.counters['supplementary-returns'] ?? 0;

  return (
    <Card data-testid="case-header">
      <Descriptions
        column={{ xs: 1, md: 2, xl: 3 }}
        size="small"
        items={[
          { key: 'caseNumber', label: text.caseNumber, children: <span data-testid="case-number">{view.caseNumber}</span> },
          { key: 'title', label: text.title, children: view.title },
          { key: 'charge', label: text.charge, children: names.charge(view.charge, view.chargeName) },
          {
            key: 'stage',
            label: text.stage,
            children: (
              <Tag color={view.stage === 'closed' ? 'default' : 'blue'} data-testid="case-stage" data-stage={view.stage}>
                {names.stage(view.stage, view.stageName)}
              </Tag>
            ),
          },
          {
            key: 'holder',
            label: text.holder,
            children: (
              <Space size={4} wrap>
                <span data-testid="case-holder">
                  {view.holderUnitId ? names.unit(view.holderUnitId, view.holderUnitName) : text.noHolder}
                </span>
                {view.youHold ? <Tag color="green">{text.youHold}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'paper',
            label: text.channel,
            children: (
              <Space size={4} wrap data-testid="case-on-paper">
                {view.onPaper ? (
                  <Tag color="gold">
                    {text.onPaper}
                    {view.onPaperReason ? t.cases.paren(t.cases.onPaperReason[view.onPaperReason] ?? view.onPaperReason) : ''}
                  </Tag>
                ) : (
                  <Tag>{text.online}</Tag>
                )}
                {view.classified ? <Tag color="red">{text.classified}</Tag> : null}
              </Space>
            ),
          },
          { key: 'registeredAt', label: text.registeredAt, children: formatDateTime(view.registeredAt) },
          ...(returns > 0 ? [{ key: 'returns', label: text.supplementaryReturns, children: returns }] : []),
          ...(view.closedAt ? [{ key: 'closedAt', label: text.closedAt, children: formatDateTime(view.closedAt) }] : []),
        ]}
      />
    </Card>
  );
}
