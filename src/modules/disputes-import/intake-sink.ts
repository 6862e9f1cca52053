/**
 * The importer's sink on the real dispute intake (disputes.service intakeDispute, channel 'import'). A batch is
 * one transaction: the intake runs on a view of that transaction whose own "transactions" are savepoints, so a
 * row the intake refuses (the same matter still open: DISPUTE_DUPLICATE) is rolled back alone and the batch
 * goes on. Each dispute gets the intake's own audit record; the import as a whole gets one more at the end.
 */
import type { AppDeps } from '../../app-deps.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { type IntakeBy, intakeDispute } from '../disputes/disputes.service.ts';
import type { AcceptedRow, ImportReport, ImportSink, StoreOutcome } from './disputes-import.service.ts';
import { findImportedKeys } from './disputes-import.repository.ts';

export interface Importer {
  unitId: string;
  regionCode: string;
  /** for the audit: the logged-in user, or the CLI's 'cli:<os user>' */
  userId: string | null;
  username: string;
  clientAddress: string | null;
}

export function createIntakeSink(deps: AppDeps, importer: Importer): ImportSink {
  const by: IntakeBy = { system: { unitId: importer.unitId, username: importer.username, clientAddress: importer.clientAddress } };
  return {
    existingKeys: (keys) => findImportedKeys(deps.db, keys),
    store: (rows) =>
      deps.db.transaction(async (tx) => {
        const inBatch = { ...deps, db: savepointDb(deps.db, tx) };
        const outcomes: StoreOutcome[] = [];
        for (const row of rows) outcomes.push(await storeOne(inBatch, by, row));
        return outcomes;
      }),
  };
}

async function storeOne(deps: AppDeps, by: IntakeBy, row: AcceptedRow): Promise<StoreOutcome> {
  try {
    const result = await intakeDispute(deps, by, { channel: 'import', ...row.input, importKey: row.importKey });
    return result.created ? { kind: 'accepted', id: result.id } : { kind: 'already-imported' };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return { kind: 'refused', problems: [{ column: null, field: error.code, message: error.bilingual }] };
  }
}

let savepoints = 0;

/** The batch's transaction as a Db: queries run in it; a nested transaction is a savepoint of it. */
function savepointDb(db: Db, tx: Queryable): Db {
  return {
    kind: db.kind,
    query: (sql, params, name) => tx.query(sql, params, name),
    exec: (sql) => tx.exec(sql),
    ping: async () => {
      await tx.query('SELECT 1');
    },
    close: async () => {},
    async transaction<R>(fn: (inner: Queryable) => Promise<R>): Promise<R> {
      savepoints += 1;
      const name = `import_row_${savepoints}`;
      await tx.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        await tx.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
}

/** The audit record of one import: who, which file, and what became of its rows (not their content). */
export async function auditImport(deps: Pick<AppDeps, 'db'>, importer: Importer, report: ImportReport, fileBytes: number): Promise<void> {
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      actorUserId: importer.userId,
      actorUsername: importer.username,
      actorUnitId: importer.unitId,
      regionCode: importer.regionCode,
      clientAddress: importer.clientAddress,
      action: 'dispute.import',
      resourceKind: 'dispute',
      resourceId: null,
      details: { file: report.file, bytes: fileBytes, format: report.format, rows: report.rows, accepted: report.accepted, alreadyImported: report.alreadyImported, rejected: report.rejected },
    }),
  );
}
