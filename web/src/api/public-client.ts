// The citizens' pages' API (no login) as typed calls over the one `request`.
import { request } from './client.ts';
import type { Bilingual } from './types.ts';

export interface PublicOption {
  id: string;
  zh: string;
  en: string;
}

export interface PublicRegion {
  code: string;
  name: string;
  nameEn: string;
  level: 'province' | 'city' | 'county' | 'township';
  parentCode: string | null;
  hasGovernanceCenter: boolean;
  hasPetitionOffice: boolean;
}

export interface PublicOptions {
  disputeTypes: PublicOption[];
  petitionChannels: PublicOption[];
  gridEventCategories: PublicOption[];
  regions: PublicRegion[];
  limits: Record<string, number>;
}

export interface Filed {
  kind: 'dispute' | 'petition' | 'grid-event';
  number: string;
  trackingCode: string;
  trackingCodeFormatted: string;
  created: boolean;
}

export interface PublicProgress {
  kind: Filed['kind'];
  kindName: Bilingual;
  number: string;
  trackingCode: string;
  state: string;
  stateName: Bilingual;
  filedDay: string;
  closed: boolean;
  closedDay: string | null;
  dueDay: string | null;
  handlingBody: Bilingual | null;
  outcome: { code: string; name: Bilingual } | null;
  steps: { state: string; name: Bilingual; day: string }[];
  caseStage: Bilingual | null;
}

export interface PublicDisputeForm {
  regionCode: string;
  type: string;
  summary: string;
  amount?: number | null;
  applicant: { name: string; phone: string; idNumber?: string | null; address?: string | null };
  respondent: { kind: 'person' | 'organisation'; name: string; phone?: string | null };
  consent: boolean;
}

export interface PublicPetitionForm {
  regionCode: string;
  petitioner: { name: string; phone: string; idNumber?: string | null };
  respondent: string;
  subject: string;
  content: string;
  lawRelated?: boolean;
  consent: boolean;
}

export interface PublicReportForm {
  townshipCode: string;
  category: string;
  description: string;
  address: string;
  phone: string;
  consent: boolean;
}

const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body, isSessionCall: false });

export const publicApi = {
  options: () => request<PublicOptions>('/api/public/options', { isSessionCall: false }),
  fileDispute: (form: PublicDisputeForm) => post<Filed>('/api/public/disputes', form),
  filePetition: (form: PublicPetitionForm) => post<Filed>('/api/public/petitions', form),
  fileReport: (form: PublicReportForm) => post<Filed>('/api/public/grid-events', form),
  track: (code: string, phoneLast4: string) => post<PublicProgress>('/api/public/track', { code, phoneLast4 }),
};
