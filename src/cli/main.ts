import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { auditCommand } from './audit.ts';
import { backupCommand } from './backup.ts';
import { calendarCommand } from './calendar.ts';
import { cockpitCommand } from './cockpit.ts';
import { collaborationRateCommand } from './collaboration-rate.ts';
import { UsageError, describeError } from './context.ts';
import { deadlineCommand } from './deadline.ts';
import { disputesCommand } from './disputes.ts';
import { dossierCommand } from './dossier.ts';
import { keysCommand } from './keys.ts';
import { migrateCommand } from './migrate.ts';
import { reportCommand } from './report.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { usersCommand } from './users.ts';
import { snapshotCommand } from './snapshot.ts';
import { warningsCommand } from './warnings.ts';

// output piped into a reader that stops early (`| head`): stop quietly, as Unix tools do
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('caselink')
  .description('CaseLink 政法协同办案与监督平台')
  .option('--data <dir>', 'folder of the embedded database and the file store (default ./data; DATABASE_URL selects a PostgreSQL server instead)')
  .exitOverride()
  .showHelpAfterError();

for (const register of [serveCommand, migrateCommand, seedCommand, usersCommand, auditCommand, calendarCommand, deadlineCommand, dossierCommand, keysCommand, collaborationRateCommand, cockpitCommand, warningsCommand, disputesCommand, snapshotCommand, reportCommand, backupCommand]) register(program);
for (const cmd of program.commands) cmd.exitOverride();
for (const cmd of program.commands.flatMap((c) => c.commands)) cmd.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // help and version exit 0; every usage error exits 2
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  console.error(`caselink: ${describeError(error)}`);
  process.exit(error instanceof UsageError || error instanceof ConfigError ? 2 : 1);
}
