// The cockpit API (issue 7 part 1) as typed calls over the one `request`; shapes as src/modules/cockpit/cockpit.schema.ts.
import type { Bilingual } from './types.ts';
import { type CallOptions, request } from './client.ts';

export const COCKPIT_PANELS = ['cases', 'clocks', 'warnings', 'supervision', 'collaboration', 'governance', 'trends', 'regions', 'risk'] as const;
export type CockpitPanelId = (typeof COCKPIT_PANELS)[number];

export interface CockpitPoint {
  key: string;
  label: Bilingual;
  value: number | null;
  group?: string;
  link: string | null;
}

export interface CockpitSeries {
  id: string;
  name: Bilingual;
  chart: 'bar' | 'stacked-bar' | 'line' | 'pie' | 'treemap';
  points: CockpitPoint[];
}

export interface CockpitFigure {
  id: string;
  name: Bilingual;
  kind: 'count' | 'rate';
  value: number | null;
  numerator?: number;
  denominator?: number;
  link: string | null;
}

export interface CockpitPanel {
  id: CockpitPanelId;
  name: Bilingual;
  definition: Bilingual;
  region: { code: string; name: string; nameEn: string; level: string; parentCode: string | null };
  asOf: string;
  figures: CockpitFigure[];
  series: CockpitSeries[];
}

export interface CockpitListItem {
  id: string;
  number: string;
  title: string;
  state: string;
  unitName: string;
  unitNameEn: string;
  at: string | null;
  link: string;
}

export interface CockpitList {
  region: { code: string; name: string; nameEn: string };
  total: number;
  items: CockpitListItem[];
}

export const cockpitApi = {
  panel: (id: CockpitPanelId, region: string | undefined, o: CallOptions = {}) =>
    request<CockpitPanel>(`/api/cockpit/panels/${id}`, { ...o, query: region ? { region } : {} }),
  /** `selection` is the query string of a figure's link (/cockpit/list?...), passed on as it is. */
  list: (selection: URLSearchParams, page: { page: number; pageSize: number }, o: CallOptions = {}) => {
    const query: Record<string, string | number> = { page: page.page, pageSize: page.pageSize };
    for (const [k, v] of selection) if (k !== 'page' && k !== 'pageSize') query[k] = v;
    return request<CockpitList>('/api/cockpit/list', { ...o, query });
  },
};
