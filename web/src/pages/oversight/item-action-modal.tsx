import { App, DatePicker, Form, Input, Radio } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { ItemAction, SupervisionItemPage } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { actionNeeds } from './oversight-format.ts';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useRectifyingUnits } from './oversight-names.tsx';

interface ActForm {
  note?: string;
  dueDate?: Dayjs;
  ok?: boolean;
  assigneeUnitId?: string;
}

/**
 * One step on a supervision item, in a small dialog asking what the server requires of it (actionNeeds): a note,
 * a new date, pass or fail, or another unit to assign to.
 */
export function ItemActionModal({
  item,
  action,
  onClose,
  onDone,
}: {
  item: SupervisionItemPage;
  action: ItemAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = t.oversight.act;
  const actionName = t.oversight.itemAction[action];
  const [ok, setOk] = useState(true);
  const needs = actionNeeds(action, ok);
  const units = useRectifyingUnits(needs.unit);

  return (
    <FormModal<ActForm>
      title={text.title(actionName, item.number)}
      okText={t.common.submit}
      testId={`item-act-${action}`}
      initialValues={action === 'verify' ? { ok: true } : {}}
      onClose={onClose}
      onSubmit={async (v) => {
        await api.actOnSupervisionItem(item.id, {
          action,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          ...(v.dueDate && needs.dueDate !== 'none' ? { dueDate: v.dueDate.format('YYYY-MM-DD') } : {}),
          ...(action === 'verify' ? { ok: v.ok ?? true } : {}),
          ...(v.assigneeUnitId ? { assigneeUnitId: v.assigneeUnitId } : {}),
        });
        message.success(text.done(actionName));
        onDone();
      }}
    >
      {needs.verdict ? (
        <Form.Item name="ok" label={text.verdict}>
          <Radio.Group
            onChange={(e) => setOk(e.target.value)}
            options={[
              { value: true, label: text.pass },
              { value: false, label: text.fail },
            ]}
            data-testid="item-act-verdict"
          />
        </Form.Item>
      ) : null}
      {needs.unit ? (
        <Form.Item name="assigneeUnitId" label={text.assignee}>
          <UnitPicker fullWidth={false} units={units.data} loading={units.isLoading} placeholder={t.oversight.items.unitSearch} testId="item-act-unit" />
        </Form.Item>
      ) : null}
      {needs.dueDate !== 'none' ? (
        <Form.Item
          name="dueDate"
          label={needs.dueDate === 'required' ? text.dueDate : text.dueDateOptional}
          rules={needs.dueDate === 'required' ? [{ required: true, message: text.dueDateRequired }] : []}
        >
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="item-act-due" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={text.note}
        rules={needs.note ? [{ required: true, whitespace: true, message: text.noteRequired }] : []}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount data-testid="item-act-note" />
      </Form.Item>
    </FormModal>
  );
}
