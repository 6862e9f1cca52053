import type { Command } from 'commander';
import { type GlobalOptions, UsageError, withDb } from './context.ts';

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('单位电子印章密钥 / Units\' e-seal keys');
  keys
    .command('rotate')
    .description('更换单位签章密钥，旧签名仍可校验 / Rotate a unit\'s signing key; old signatures stay verifiable')
    .argument('<unit-code>', 'the unit, by code (e.g. police-990102)')
    .option('--json', 'print one JSON object')
    .action(async (unitCode: string, opts: { json?: boolean }, cmd: Command) => {
      const { loadAppDeps } = await import('../app-deps.ts');
      const { findUnitByCode } = await import('../modules/units/units.repository.ts');
      const { rotateUnitKey } = await import('../modules/cases/unit-keys.ts');
      const { appendAudit } = await import('../modules/audit/audit.repository.ts');
      const { CLI_ACTOR } = await import('../modules/users/users.service.ts');
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        const unit = await findUnitByCode(db, unitCode);
        if (!unit) throw new UsageError(`no unit ${unitCode} / 没有此单位`);
        const deps = loadAppDeps(config, db);
        return db.transaction(async (tx) => {
          const r = await rotateUnitKey(tx, unit.id, deps.masterKey());
          await appendAudit(tx, { ...CLI_ACTOR, action: 'unit-key.rotate', resourceKind: 'unit-key', resourceId: unit.id, details: { retired: r.retired?.id ?? null, active: r.active.id } });
          return { unit: unit.code, ...r };
        });
      });
      if (opts.json) console.log(JSON.stringify(result));
      else console.log(`${result.unit}: new key ${result.active.id}${result.retired ? `, retired ${result.retired.id} (kept for verifying old signatures)` : ''}`);
    });
}
