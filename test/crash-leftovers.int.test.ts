/**
 * What a killed server leaves behind (issue 8 part 2, test/reliability/crash.ts): an upload interrupted between
 * writing its temporary file and linking it into place leaves `.tmp-…` in the document store. The next start
 * sweeps those over an hour old (younger ones may belong to an upload of another server on the same store).
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-leftovers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({}, { dataDir, port: 0, webDir: '/nonexistent' });

describe('a start after a crash', { timeout: 180_000 }, () => {
  it('removes the temporary files of uploads interrupted over an hour ago, and keeps younger ones and stored files', async () => {
    const folder = join(dataDir, 'documents', 'sm3', 'ab', 'cd');
    mkdirSync(folder, { recursive: true });
    const stale = join(folder, `.tmp-abcd${'0'.repeat(60)}-000000000000`);
    const young = join(folder, `.tmp-abcd${'1'.repeat(60)}-111111111111`);
    const stored = join(folder, `abcd${'2'.repeat(60)}`);
    for (const f of [stale, young, stored]) writeFileSync(f, 'half an upload');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    utimesSync(stored, twoHoursAgo, twoHoursAgo);

    const server = await startServer(config, { demoIfEmpty: false, logger: false });
    try {
      expect(await server.swept).toBe(1);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(young)).toBe(true);
      expect(existsSync(stored)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
