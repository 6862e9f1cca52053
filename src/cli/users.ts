import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { type GlobalOptions, UsageError, describeError, withDb } from './context.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function usersCommand(program: Command): void {
  const users = program.command('users').description('账号 / Accounts');
  users
    .command('add')
    .description('新建账号（首个管理员也用它） / Create an account (the first administrator too)')
    .requiredOption('--username <name>', 'login name: lower-case letters, digits, . _ -')
    .requiredOption('--display-name <name>', 'the person\'s name')
    .requiredOption('--role <role>', 'handler | unit-head | supervisor | mediator | grid-worker | administrator | auditor')
    .requiredOption('--unit <code-or-id>', 'the unit, by code (e.g. committee-990000) or id')
    .option('--phone <phone>', 'mobile or landline number')
    .option('--id-number <id>', 'resident ID number (GB 11643)')
    .option('--password-stdin', 'read the password from standard input; otherwise a strong one is generated and printed once')
    .action(async (opts: { username: string; displayName: string; role: string; unit: string; phone?: string; idNumber?: string; passwordStdin?: boolean }, cmd: Command) => {
      const generated = !opts.passwordStdin;
      const password = generated ? randomBytes(12).toString('base64url') : await readStdin();
      const [{ migrate }, { validationError, validatorCompiler }, units, { NewUserBody }, { createUser }, { loadRules }] =
        await Promise.all([
          import('../db/migrate.ts'),
          import('../http/validation.ts'),
          import('../modules/units/units.repository.ts'),
          import('../modules/users/users.schema.ts'),
          import('../modules/users/users.service.ts'),
          import('../rules/load-rules.ts'),
        ]);
      const { findUnitByCode, findUnitById } = units;
      const rules = loadRules();
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        await migrate(db);
        const byCode = await findUnitByCode(db, opts.unit);
        const unit = byCode ?? (/^[0-9a-f-]{36}$/i.test(opts.unit) ? await findUnitById(db, opts.unit) : null);
        if (!unit) throw new UsageError(`no unit with code or id "${opts.unit}" (see GET /api/units)`);
        const input = {
          username: opts.username,
          displayName: opts.displayName,
          password,
          role: opts.role,
          unitId: unit.id,
          ...(opts.phone ? { phone: opts.phone } : {}),
          ...(opts.idNumber ? { idNumber: opts.idNumber } : {}),
        };
        const validate = validatorCompiler({ schema: NewUserBody, httpPart: 'body' });
        if (!validate(input)) throw validationError(validate.errors ?? [], 'body');
        const user = await createUser({ db, permissions: rules.permissions, rolesFor: rules.rolesFor }, null, input as Parameters<typeof createUser>[2]);
        console.log(`created ${user.username} (${user.role}, ${user.unitName}) id ${user.id}`);
        if (generated) console.log(`password (shown once): ${password}`);
      }).catch((error: unknown) => {
        if (error instanceof AppError && error.status < 500) throw new UsageError(describeError(error), { cause: error });
        throw error;
      });
    });
}
