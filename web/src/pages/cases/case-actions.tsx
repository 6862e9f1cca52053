import { Button, Card, Flex, Typography } from 'antd';
import type { AvailableTransition, CaseTransfer, CaseView } from '../../api/types.ts';
import { useCan, useMe } from '../../components/session.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

/** Transfers addressed to the caller's unit that wait to be received. */
export function transfersToReceive(view: CaseView, unitId: string): CaseTransfer[] {
  return view.transfers.filter((x) => x.state === 'sent' && x.receiverUnitId === unitId);
}

/** What the caller's unit may do on the case now: fire a transition, or receive what was sent to it. */
export function CaseActions({
  view,
  onFire,
  onReceive,
}: {
  view: CaseView;
  onFire: (transition: AvailableTransition) => void;
  onReceive: (transferId: string) => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const can = useCan();
  const names = useCaseNames();
  // the server's `transitions` already says what this unit and role may fire; receiving needs a case role
  const toReceive = can('case:update') ? transfersToReceive(view, me.unit.id) : [];

  return (
    <Card title={t.cases.page.actions} size="small" data-testid="case-actions">
      {view.transitions.length === 0 && toReceive.length === 0 ? (
        <Typography.Text type="secondary">{t.cases.page.noActions}</Typography.Text>
      ) : (
        <Flex gap={8} wrap>
          {toReceive.map((x) => (
            <Button key={x.id} type="primary" onClick={() => onReceive(x.id)} data-testid="receive-transfer">
              {t.cases.page.receive(names.transition(x.transition))}
            </Button>
          ))}
          {view.transitions.map((tr) => (
            <Button key={tr.id} onClick={() => onFire(tr)} data-testid={`transition-${tr.id}`}>
              {names.transition(tr.id, tr)}
            </Button>
          ))}
        </Flex>
      )}
    </Card>
  );
}
