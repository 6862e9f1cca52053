/**
 * POST /api/disputes/imports: the same import as `bin/caselink disputes import`, of a file sent as the request's
 * body, taken in at the caller's own unit (a governance center's handler or unit head: rules/permissions.yaml,
 * resource dispute-import). The report is the CLI's --json report.
 */
import type { AppDeps } from '../../app-deps.ts';
import { typeIndex } from '../../engine/disputes-import/row-mapper.ts';
import { isAllowed } from '../../engine/permissions/permissions.ts';
import { loadDisputeImportRules } from '../../rules/load-dispute-import.ts';
import { AppError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import { type ImportReport, importDisputes } from './disputes-import.service.ts';
import { auditImport, createIntakeSink } from './intake-sink.ts';
import type { EncodingChoice } from './sheet-reader.ts';

/** Read once: the limits also set the route's body limit. */
export const IMPORT_RULES = loadDisputeImportRules();

export async function importUploadedSheet(
  deps: AppDeps,
  ctx: RequestContext,
  bytes: Uint8Array,
  opts: { name: string; dryRun: boolean; encoding: EncodingChoice },
): Promise<ImportReport> {
  const p = ctx.principal;
  if (!isAllowed(deps.permissions, p, 'create', { kind: 'dispute-import', unitId: p.unitId, regionCode: p.regionCode, agency: p.agency })) throw new AppError('FORBIDDEN');
  if (bytes.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  const importer = { unitId: p.unitId, regionCode: p.regionCode, userId: p.userId, username: p.username, clientAddress: ctx.clientAddress };
  const report = await importDisputes(opts.name, async function* () {
    yield bytes;
  }, createIntakeSink(deps, importer), {
    rules: IMPORT_RULES,
    types: typeIndex(deps.disputeRules.types.values()),
    today: deps.now(),
    dryRun: opts.dryRun,
    encoding: opts.encoding,
  });
  if (!report.dryRun) await auditImport(deps, importer, report, bytes.length);
  return report;
}
