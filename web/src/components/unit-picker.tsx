// A searchable unit picker, by the unit's name in the page's language.
import { Select } from 'antd';
import type { Unit } from '../api/types.ts';
import { useI18n } from '../i18n.ts';

/** A searchable unit picker; as wide as its place (a form field, a filter box) unless `fullWidth` is false. */
export function UnitPicker({
  units,
  loading,
  value,
  onChange,
  placeholder,
  testId,
  fullWidth = true,
}: {
  units: readonly Unit[] | undefined;
  loading: boolean;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder: string;
  testId: string;
  fullWidth?: boolean;
}) {
  const { name } = useI18n();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={loading}
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      style={fullWidth ? { width: '100%' } : undefined}
      options={(units ?? []).map((u) => ({ value: u.id, label: name(u.name, u.nameEn) }))}
      data-testid={testId}
    />
  );
}
