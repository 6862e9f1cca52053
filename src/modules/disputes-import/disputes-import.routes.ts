import type { AppDeps } from '../../app-deps.ts';
import { requestContext } from '../../http/auth-hook.ts';
import type { TypedApp } from '../../http/typed.ts';
import { AppError } from '../../shared/errors.ts';
import { errors } from '../../shared/fields.ts';
import { ImportQuery, ImportReportView } from './disputes-import.schema.ts';
import { IMPORT_RULES, importUploadedSheet } from './upload-import.ts';

// what browsers and clients send for a CSV or a workbook; what the file is, is decided from its bytes
const SHEET_CONTENT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'application/octet-stream'];

export function disputeImportRoutes(app: TypedApp, deps: AppDeps): void {
  const maxBytes = IMPORT_RULES.limits.maxFileBytes;
  app.register(async (scope) => {
    scope.addContentTypeParser(SHEET_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
    (scope as unknown as TypedApp).post('/api/disputes/imports', {
      bodyLimit: maxBytes,
      config: { permission: { action: 'create', resource: 'dispute-import' } },
      schema: {
        tags: ['governance'],
        summary: '从 CSV 或 Excel 批量导入矛盾纠纷 / Import disputes from CSV or Excel',
        description:
          'The body is the file itself (text/csv, the .xlsx type or application/octet-stream). Columns: rules/governance/dispute-import.yaml; a sample: dispute-import-template.csv. Rows already imported are not stored twice. The answer is the report: accepted, already imported, rejected rows with their reasons. A file refused as a whole (not a workbook, a ZIP bomb, an old .xls, missing columns) stores nothing.',
        querystring: ImportQuery,
        response: { 200: ImportReportView, ...errors(400, 401, 403, 413, 415, 422) },
      },
    }, (req) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { accepted: SHEET_CONTENT_TYPES });
      const bytes = new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
      return importUploadedSheet(deps, requestContext(req), bytes, { name: req.query.name, dryRun: req.query.dryRun ?? false, encoding: req.query.encoding ?? 'auto' });
    });
  });
}
