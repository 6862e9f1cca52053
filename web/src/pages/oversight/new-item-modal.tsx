import { Alert, App, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { SEVERITIES } from '../../api/types.ts';
import type { Severity } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useRectifyingUnits } from './oversight-names.tsx';

type HandSource = 'manual' | 'petition' | 'case-review';

interface NewItemForm {
  source: HandSource;
  caseId?: string;
  sourceReference?: string;
  assigneeUnitId?: string;
  title?: string;
  description: string;
  severity: Severity;
}

/**
 * A supervision item raised by hand, from a petition or from a case review. A case review names the case (its
 * holding unit and a title come from it unless given); the others name the unit and the title.
 */
export function NewItemModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = t.oversight.items;
  const [source, setSource] = useState<HandSource>('manual');
  const [caseQuery, setCaseQuery] = useState('');
  const units = useRectifyingUnits();
  const cases = useApi(
    (signal) => (source === 'case-review' ? api.cases({ q: caseQuery || undefined, pageSize: 20 }, { signal }) : Promise.resolve(null)),
    [source, caseQuery],
    { forbidden: 'inline' },
  );
  const fromCase = source === 'case-review';

  return (
    <FormModal<NewItemForm>
      title={text.newTitle}
      okText={t.common.submit}
      testId="item-form"
      initialValues={{ source: 'manual', severity: 'medium' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const created = await api.raiseSupervisionItem({
          source: v.source,
          description: v.description.trim(),
          severity: v.severity,
          ...(v.caseId ? { caseId: v.caseId } : {}),
          ...(v.sourceReference?.trim() ? { sourceReference: v.sourceReference.trim() } : {}),
          ...(v.assigneeUnitId ? { assigneeUnitId: v.assigneeUnitId } : {}),
          ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        });
        message.success(text.created(created.number));
        onCreated(created.id);
      }}
    >
      <Form.Item name="source" label={text.sourceLabel}>
        <Radio.Group
          optionType="button"
          onChange={(e) => setSource(e.target.value)}
          options={(['manual', 'petition', 'case-review'] as const).map((s) => ({ value: s, label: t.oversight.itemSource[s] }))}
          data-testid="item-form-source"
        />
      </Form.Item>
      {source === 'petition' ? (
        <Form.Item name="sourceReference" label={text.sourceReference} rules={[{ required: true, whitespace: true, message: text.required(text.sourceReference) }]}>
          <Input maxLength={100} data-testid="item-form-reference" />
        </Form.Item>
      ) : null}
      {fromCase ? (
        <Form.Item name="caseId" label={text.caseId} rules={[{ required: true, message: text.required(text.caseId) }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: (q) => setCaseQuery(q.trim()) }}
            placeholder={text.casePlaceholder}
            loading={cases.isLoading}
            options={(cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.caseNumber} ${c.title}` }))}
            data-testid="item-form-case"
          />
        </Form.Item>
      ) : null}
      <ErrorAlert error={units.error} />
      <Form.Item
        name="assigneeUnitId"
        label={text.assigneeUnit}
        rules={fromCase ? [] : [{ required: true, message: text.required(text.assigneeUnit) }]}
      >
        <UnitPicker fullWidth={false} units={units.data} loading={units.isLoading} placeholder={text.unitSearch} testId="item-form-unit" />
      </Form.Item>
      <Form.Item
        name="title"
        label={text.titleLabel}
        rules={fromCase ? [] : [{ required: true, whitespace: true, message: text.required(text.titleLabel) }]}
      >
        <Input maxLength={200} data-testid="item-form-title" />
      </Form.Item>
      <Form.Item name="description" label={text.description} rules={[{ required: true, whitespace: true, message: text.required(text.description) }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount data-testid="item-form-description" />
      </Form.Item>
      <Form.Item name="severity" label={text.severityLabel}>
        <Radio.Group options={SEVERITIES.map((s) => ({ value: s, label: t.oversight.severity[s] }))} data-testid="item-form-severity" />
      </Form.Item>
    </FormModal>
  );
}

/** A class remediation (类案整改): one model's open warnings in the caller's region, an item per unit. */
export function ClassRemediationModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const text = t.oversight.items;
  // the models with open warnings in the caller's sight, from the desk's summary
  const summary = useApi((signal) => api.warningSummary({ signal }), [], { forbidden: 'inline' });

  return (
    <FormModal<{ modelId: string; title?: string; description: string }>
      title={text.classTitle}
      okText={t.common.submit}
      testId="class-form"
      onClose={onClose}
      onSubmit={async (v) => {
        const created = await api.raiseClassRemediation({
          modelId: v.modelId,
          description: v.description.trim(),
          ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        });
        message.success(text.classCreated(created.number, created.children.length));
        onCreated(created.id);
      }}
    >
      <Alert type="info" showIcon title={text.classHint} style={{ marginBottom: 16 }} />
      <ErrorAlert error={summary.error} />
      <Form.Item name="modelId" label={text.classModel} rules={[{ required: true, message: text.required(text.classModel) }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={summary.isLoading}
          options={(summary.data?.byModel ?? []).map((m) => ({ value: m.modelId, label: `${pick(m.name)}（${m.count}）` }))}
          data-testid="class-form-model"
        />
      </Form.Item>
      <Form.Item name="title" label={text.titleLabel}>
        <Input maxLength={200} data-testid="class-form-title" />
      </Form.Item>
      <Form.Item name="description" label={text.description} rules={[{ required: true, whitespace: true, message: text.required(text.description) }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount data-testid="class-form-description" />
      </Form.Item>
    </FormModal>
  );
}
