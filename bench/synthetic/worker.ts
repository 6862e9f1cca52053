/** One generating worker of workers.ts: the synthetic province of its workerData, ranges of it as CSV on request. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../../src/rules/load-rules.ts';
import { buildDemoProvince } from '../../src/seed/demo-province.ts';
import { type SyntheticOptions, createSyntheticProvince } from './generate.ts';
import { rowsToChunk } from './load.ts';
import { ORGANISATION_SEED, syntheticRules } from './rules.ts';

const province = createSyntheticProvince(buildDemoProvince(loadRules().organisation, ORGANISATION_SEED), syntheticRules(), workerData as SyntheticOptions);
let sequence: Uint32Array | null = null;

parentPort!.on('message', (m: { id: number; type: string; from?: number; to?: number; sequence?: Uint32Array }) => {
  try {
    let value: unknown;
    if (m.type === 'unitKeys') value = rowsToChunk(province.unitKeys());
    else if (m.type === 'registrations') value = province.registrations(m.from!, m.to!);
    else if (m.type === 'sequence') {
      sequence = m.sequence!;
      value = null;
    } else if (m.type === 'chunk') {
      if (!sequence) throw new Error('no sequence yet');
      value = rowsToChunk(province.generate(m.from!, m.to!, sequence));
    } else throw new Error(`unknown request ${m.type}`);
    parentPort!.postMessage({ id: m.id, ok: true, value });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
