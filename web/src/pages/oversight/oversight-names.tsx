// Shared pieces of the oversight pages: a hit's facts in words, severity and state tags, a unit picker.
import { Space, Tag, Typography } from 'antd';
import { api } from '../../api/client.ts';
import type { Agency, Unit } from '../../api/types.ts';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { type FactFormat, SEVERITY_COLOURS, STATE_COLOURS, factEntries } from './oversight-format.ts';

/** How the current language writes a hit's facts: stages, scenarios, steps and measures by their names. */
export function useFactFormat(): FactFormat {
  const { t, formatDateTime } = useI18n();
  const names = useCaseNames();
  const o = t.oversight;
  return {
    labels: o.fact,
    yes: o.yes,
    no: o.no,
    none: t.common.none,
    separator: o.listSeparator,
    dateTime: formatDateTime,
    term: (key, value) => {
      switch (key) {
        case 'stage':
          return names.stage(value);
        case 'scenario':
          return names.scenario(value);
        case 'transition':
        case 'closed_by':
          return names.transition(value);
        case 'source':
          return o.meritSource[value];
        case 'measure':
          return names.measure(value);
        case 'missing':
          return names.documentKind(value);
        case 'charge':
          return names.charge(value);
        case 'state':
          // the state of the hit's subject: a transfer, a paper loan, an item of property or a clock
          return (
            t.cases.transfers.stateName[value] ??
            t.cases.loans.stateName[value] ??
            t.cases.property.stateName[value] ??
            t.cases.clocks.stateName[value]
          );
        default:
          return undefined;
      }
    },
  };
}

/** A hit's facts, one "label: value" a line. */
export function HitFacts({ facts }: { facts: Record<string, unknown> }) {
  const format = useFactFormat();
  const entries = factEntries(facts, format);
  if (entries.length === 0) return null;
  return (
    <Space orientation="vertical" size={0} data-testid="hit-facts">
      {entries.map((f) => (
        <Typography.Text key={f.key} style={{ fontSize: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.label}：
          </Typography.Text>
          {f.value}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useI18n();
  const label = (t.oversight.severity as Record<string, string>)[severity] ?? severity;
  return (
    <Tag color={SEVERITY_COLOURS[severity] ?? 'default'} data-testid="severity" data-severity={severity}>
      {label}
    </Tag>
  );
}

export function ItemStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLOURS[state] ?? 'default'} data-testid="item-state" data-state={state}>
      {(t.oversight.itemState as Record<string, string>)[state] ?? state}
    </Tag>
  );
}

/** The agencies whose units rectify what the committee supervises (rules/permissions.yaml: supervision-item). */
export const RECTIFYING_AGENCIES: readonly Agency[] = ['police', 'procuratorate', 'court', 'justice-bureau', 'prison', 'detention-house', 'correction-office'];

/** The units an item may go to, in the caller's sight, for a searchable picker. */
export function useRectifyingUnits(enabled = true) {
  return useApi(
    async (signal) => {
      if (!enabled) return [] as Unit[];
      const pages = await Promise.all(RECTIFYING_AGENCIES.map((agency) => api.units({ agency, pageSize: 500 }, { signal })));
      return pages.flatMap((p) => p.items).sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.agency.localeCompare(b.agency));
    },
    [enabled],
    { forbidden: 'inline' },
  );
}
