// The dispute taxonomy the server serves (rules/governance/dispute-types.yaml), loaded once per page.
import { governanceApi } from '../../api/governance-client.ts';
import type { DisputeRules } from '../../api/governance-types.ts';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';

export function useDisputeRules() {
  return useApi((signal) => governanceApi.disputeRules({ signal }), [], { forbidden: 'inline' });
}

/** Options for a type picker: each type by its name in the reader's language, searchable by either name or id. */
export function useTypeOptions(rules: DisputeRules | undefined) {
  const { pick } = useI18n();
  return (rules?.types ?? []).map((ty) => ({ value: ty.id, label: pick(ty.name), search: `${ty.name.zh} ${ty.name.en} ${ty.id}` }));
}
