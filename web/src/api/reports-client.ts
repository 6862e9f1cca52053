// The report centre's API (统计报表: the catalogue, issuing files, the history, the bulletin, schedules) as typed calls.
import type { Bilingual } from './types.ts';
import { type CallOptions, request } from './client.ts';

export type ReportFormat = 'xlsx' | 'pdf';
export type Cadence = 'monthly' | 'quarterly';

export interface ReportDefinition {
  id: string;
  title: Bilingual;
  audience: 'case' | 'governance';
  groupBy: string;
  groupHeader: Bilingual;
  columns: { id: string; header: Bilingual; format: string; ratio?: string[]; total: boolean }[];
  notes: { column: string | null; text: Bilingual }[];
  source: Bilingual;
}

export interface Catalogue {
  reports: ReportDefinition[];
  bulletin: boolean;
  formats: ReportFormat[];
}

export interface ReportIssue {
  id: string;
  reportId: string;
  period: string;
  regionCode: string;
  regionName: string;
  format: ReportFormat;
  sm3: string;
  bytes: number;
  issuedAt: string;
  issuedBy: string;
  scheduleId: string | null;
  fileName: string;
}

export interface FilledBulletin {
  title: string;
  intro: string;
  sections: { id: string; heading: string; paragraph: string }[];
  notable: { heading: string; items: string[] };
}

export interface ReportSchedule {
  id: string;
  reportId: string;
  title: Bilingual;
  regionCode: string;
  format: ReportFormat;
  cadence: Cadence;
  dayOfMonth: number;
  hour: number;
  enabled: boolean;
  lastRunPeriod: string | null;
  createdAt: string;
}

const enc = encodeURIComponent;

export const reportsApi = {
  catalogue: (o: CallOptions = {}) => request<Catalogue>('/api/reports', o),
  issue: (body: { report: string; period: string; region?: string; format: ReportFormat }) => request<ReportIssue>('/api/reports/issues', { method: 'POST', body }),
  issues: (q: { page?: number; pageSize?: number; report?: string }, o: CallOptions = {}) =>
    request<{ items: ReportIssue[]; total: number }>('/api/reports/issues', { ...o, query: q }),
  bulletin: (q: { period: string; region?: string }, o: CallOptions = {}) => request<{ period: string; region: string; zh: FilledBulletin; en: FilledBulletin }>('/api/reports/bulletin', { ...o, query: q }),
  schedules: (o: CallOptions = {}) => request<{ items: ReportSchedule[] }>('/api/reports/schedules', o),
  createSchedule: (body: { report: string; region: string; format: ReportFormat; cadence: Cadence; dayOfMonth: number; hour: number }) =>
    request<ReportSchedule>('/api/reports/schedules', { method: 'POST', body }),
  changeSchedule: (id: string, body: { enabled?: boolean }) => request<ReportSchedule>(`/api/reports/schedules/${enc(id)}`, { method: 'PATCH', body }),
  deleteSchedule: (id: string) => request<null>(`/api/reports/schedules/${enc(id)}`, { method: 'DELETE' }),
};

/** Where the browser downloads an issued file itself; the cookie authenticates. */
export function reportFileUrl(issueId: string): string {
  return `/api/reports/issues/${enc(issueId)}/file`;
}
