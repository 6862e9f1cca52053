// The coercive measures of rules/case-flow.yaml (`measures`): who may decide each and the document it needs.
// The case page does not carry them; this copy only decides which choices and pickers the dialog offers —
// the server checks every measure against the rules themselves.
import type { Agency } from '../../api/types.ts';

export interface MeasureRule {
  id: string;
  by: readonly Agency[];
  requires: readonly string[];
}

const NON_CUSTODIAL_DECIDERS: readonly Agency[] = ['police', 'procuratorate', 'court'];

export const MEASURE_RULES: readonly MeasureRule[] = [
  { id: 'detention', by: ['police'], requires: ['detention-warrant'] },
  { id: 'arrest', by: ['procuratorate', 'court'], requires: ['arrest-decision'] },
  { id: 'bail', by: NON_CUSTODIAL_DECIDERS, requires: ['measure-decision'] },
  { id: 'residential-surveillance', by: NON_CUSTODIAL_DECIDERS, requires: ['measure-decision'] },
  { id: 'release', by: [...NON_CUSTODIAL_DECIDERS, 'prison', 'detention-house', 'correction-office'], requires: [] },
];
