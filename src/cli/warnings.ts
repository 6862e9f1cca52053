import type { Command } from 'commander';
import { type GlobalOptions, UsageError, withDb } from './context.ts';


export function warningsCommand(program: Command): void {
  const warnings = program.command('warnings').description('预警模型：目录与运行 / Warning models: the catalogue and runs');

  warnings
    .command('list')
    .description('列出全部预警模型及其依据 / List every warning model with its id and basis')
    .option('--json', 'print one JSON object: { models: [...], refused: [...] }')
    .action(async (opts: { json?: boolean }) => {
      const [{ loadWarningModels }, { cite }] = await Promise.all([import('../rules/load-warning-models.ts'), import('../engine/clock/compute.ts')]);
      const { models, refused } = loadWarningModels();
      const list = [...models.values()].sort((a, b) => a.id.localeCompare(b.id));
      if (opts.json) {
        console.log(
          JSON.stringify({
            models: list.map((m) => ({
              id: m.id, name: m.name, group: m.group, severity: m.severity, basis: m.basis, policy: m.policy, answering: m.answering,
              scope: m.scope, triggers: m.triggers, parameters: m.parameters, form: m.form, source: m.source,
            })),
            refused,
          }),
        );
      } else {
        for (const m of list) {
          const params = m.parameters.map((p) => `${p.name}=${JSON.stringify(p.default)}`).join(' ');
          console.log(`${m.id}\t${m.severity}\t${m.name.zh}\t${m.basis.length ? cite(m.basis) : (m.policy?.zh ?? '')}${params ? `\t${params}` : ''}`);
        }
        console.log(`共 ${list.length} 个模型 / ${list.length} models`);
        for (const r of refused) console.error(`未载入 refused: ${r.source}: ${r.field}: ${r.problem}`);
      }
      if (refused.length) process.exitCode = 1;
    });

  warnings
    .command('run')
    .description('立即全量运行预警模型，输出各模型命中数 / Run the models over the whole province now; hits per model')
    .option('--model <id>', 'only this model (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print one JSON object: the run with each model holding / opened / closed')
    .action(async (opts: { model: string[]; json?: boolean }, cmd: Command) => {
      const [{ loadAppDeps }, { runFull }, { AppError }] = await Promise.all([
        import('../app-deps.ts'),
        import('../modules/warnings/warnings.service.ts'),
        import('../shared/errors.ts'),
      ]);
      const summary = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db, config) => {
        try {
          return await runFull(loadAppDeps(config, db), opts.model.length ? opts.model : undefined);
        } catch (error) {
          if (error instanceof AppError && error.code === 'WARNING_MODEL_UNKNOWN') throw new UsageError(`unknown model "${(error.details as { model: string }).model}" / 没有这个预警模型`);
          throw error;
        }
      });
      if (opts.json) {
        console.log(JSON.stringify(summary));
      } else {
        console.log(`运行 #${summary.runId}（${summary.startedAt} – ${summary.finishedAt}）`);
        console.log('模型\t命中中\t新增\t解除\t毫秒');
        for (const m of summary.models) console.log(m.error ? `${m.id}\t出错 error: ${m.error}` : `${m.id}\t${m.holding}\t${m.opened}\t${m.closed}\t${m.ms}`);
      }
      if (summary.models.some((m) => m.error)) process.exitCode = 1;
    });
}
