#!/usr/bin/env node
// Builds the web app into web/dist when it is missing or older than its sources (`--if-stale`), so that
// `npm start` on a fresh checkout serves the UI without a separate build step, and later starts stay fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

// the web app also imports vocabulary (organisation, clock types) and the dispute intake's checks from the server
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(root, 'package-lock.json'), join(root, 'src', 'engine', 'organisation.ts'), join(root, 'src', 'engine', 'clock', 'types.ts'), join(root, 'src', 'engine', 'disputes', 'input.ts'), join(root, 'src', 'shared', 'masking.ts'), join(root, 'src', 'shared', 'gb11643.ts')];
const stale = !existsSync(built) || Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;

if (process.argv.includes('--if-stale') && !stale) process.exit(0);
console.log('building the web app (web/dist)…');
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
