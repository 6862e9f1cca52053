import type { Command } from 'commander';
import { type GlobalOptions, cliConfig, countOption } from './context.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('启动服务（API 与网页同一端口） / Start the server (API and web app on one port)')
    .option('--port <port>', 'port to listen on (default: PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--demo-if-empty', 'load the demo province, and its criminal cases, when the database holds no units yet', false)
    .option('--demo-cases <n>', 'with --demo-if-empty: how many criminal cases the demo loads (0: the province only)', '520')
    .action(async (opts: { port?: string; host?: string; demoIfEmpty: boolean; demoCases: string }, cmd: Command) => {
      const demoCases = countOption('--demo-cases', opts.demoCases);
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const env = { ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) };
      const config = cliConfig(global, env);
      const { startServer } = await import('../server.ts');
      const server = await startServer(config, { demoIfEmpty: opts.demoIfEmpty, demoCases, log: (line) => console.log(line) });
      const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
      console.log(`CaseLink listening on ${server.url} — database: ${where}`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
