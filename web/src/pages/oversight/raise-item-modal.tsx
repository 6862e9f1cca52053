import { Alert, App, Descriptions, Form, Input } from 'antd';
import { api } from '../../api/client.ts';
import type { RaisedItem, WarningHit } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { HitFacts, SeverityTag } from './oversight-names.tsx';

/**
 * Raises a supervision item from one warning: the unit, case, model and severity come from the hit, the supervisor
 * writes what must be rectified. The same hit raised again answers its existing item.
 */
export function RaiseItemModal({ hit, onClose, onRaised }: { hit: WarningHit; onClose: () => void; onRaised: (item: RaisedItem) => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const names = useCaseNames();
  const text = t.oversight.desk;

  return (
    <FormModal<{ description: string }>
      title={text.raiseTitle(pick(hit.modelName))}
      okText={t.common.submit}
      testId="raise-item"
      onClose={onClose}
      onSubmit={async ({ description }) => {
        const item = await api.raiseSupervisionItem({ source: 'warning', hitId: hit.id, description: description.trim() });
        message.success(item.created ? text.raised(item.number) : text.raisedBefore(item.number));
        onRaised(item);
      }}
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'case', label: text.caseNumber, children: hit.caseNumber ?? t.common.none },
          { key: 'unit', label: text.unit, children: names.unit(hit.unitId, hit.unitName) },
          { key: 'severity', label: text.severity, children: <SeverityTag severity={hit.severity} /> },
          { key: 'facts', label: text.facts, children: <HitFacts facts={hit.facts} /> },
        ]}
      />
      <Alert type="info" showIcon title={text.raiseHint} style={{ marginBottom: 16 }} />
      <Form.Item
        name="description"
        label={text.description}
        rules={[{ required: true, whitespace: true, message: text.descriptionRequired }]}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount data-testid="raise-item-description" />
      </Form.Item>
    </FormModal>
  );
}
