import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { type GlobalOptions, UsageError, cliConfig, describeError } from './context.ts';

export function deadlineCommand(program: Command): void {
  program
    .command('deadline')
    .description('计算法定期限的届满时刻 / Compute when a statutory time limit ends')
    .argument('<rule-id>', 'a rule id of rules/time-limits, e.g. cpl.investigation.custody')
    .requiredOption('--start <moment>', 'when the starting event happened: YYYY-MM-DDTHH:mm (China Standard Time)')
    .option('--custody', 'the suspect, defendant or criminal is in custody (CPL 105: no holiday extension)', false)
    .option('--extend <extension>', 'an extension granted: its id, or id=amount (2d, 1m, 24h, 5wd); without an amount its statutory maximum; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--json', 'print one JSON object: rule, due, provisional, basis, steps, …')
    .action(async (ruleId: string, opts: { start: string; custody: boolean; extend: string[]; json?: boolean }, cmd: Command) => {
      const [{ loadClock }, { answerDeadline, findRule, parseExtensionArg }, { cite }] = await Promise.all([
        import('../rules/load-clock.ts'),
        import('../modules/deadlines/deadlines.service.ts'),
        import('../engine/clock/compute.ts'),
      ]);
      const clock = loadClock(cliConfig(cmd.optsWithGlobals<GlobalOptions>()).dataDir);
      try {
        const result = answerDeadline(clock, { rule: ruleId, start: opts.start, custody: opts.custody, extend: opts.extend.map(parseExtensionArg) });
        const { dueMs: _ms, ...answer } = result;
        if (opts.json) {
          console.log(JSON.stringify(answer));
          return;
        }
        const rule = findRule(clock, ruleId);
        console.log(`${rule.name.zh}（${rule.id}）`);
        console.log(`届满：${answer.due ?? '中止计算中，暂不能确定'}${answer.provisional ? '（暂定：涉及尚未载入节假日安排的年份）' : ''}`);
        console.log('计算过程：');
        for (const [i, s] of answer.steps.entries()) console.log(`  ${i + 1}. ${s}`);
        console.log(`依据：${cite(answer.basis)}`);
      } catch (error) {
        if (error instanceof AppError && error.status < 500) throw new UsageError(describeError(error), { cause: error });
        throw error;
      }
    });
}
