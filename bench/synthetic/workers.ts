/**
 * Generation in worker threads: each worker builds the same synthetic province (same organisation, rules, seed)
 * and answers requests for ranges of cases as CSV, while the main thread copies. The rows do not depend on
 * which worker made them. Each worker starts at worker-entry.mjs, which registers tsx's loader for TypeScript.
 */
import { Worker } from 'node:worker_threads';
import type { SyntheticOptions } from './generate.ts';
import type { ChunkSource, CsvChunk } from './load.ts';

type Request = { type: 'unitKeys' } | { type: 'registrations'; from: number; to: number } | { type: 'sequence'; sequence: Uint32Array } | { type: 'chunk'; from: number; to: number };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export function workerSource(opts: SyntheticOptions, count: number): ChunkSource {
  const workers = Array.from({ length: Math.max(1, count) }, () => new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: opts }));
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  for (const w of workers) {
    w.on('message', (reply: Reply) => {
      const p = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) p?.resolve(reply.value);
      else p?.reject(new Error(reply.error));
    });
    w.on('error', (error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
    });
  }
  let nextId = 0;
  let turn = 0;
  const send = <T>(worker: Worker, request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  const anyWorker = () => workers[turn++ % workers.length]!;
  return {
    cases: opts.cases,
    unitKeys: () => send<CsvChunk>(anyWorker(), { type: 'unitKeys' }),
    registrations: (from, to) => send<Float64Array>(anyWorker(), { type: 'registrations', from, to }),
    setSequence: async (sequence) => {
      await Promise.all(workers.map((w) => send(w, { type: 'sequence', sequence })));
    },
    chunk: (from, to) => send<CsvChunk>(anyWorker(), { type: 'chunk', from, to }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
