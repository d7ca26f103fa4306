// Bundles every part of the app: renderer (Vite), Electron main and preload, the utility-process
// worker and the host (CLI + browser mode). Node bundles keep packages external (native modules).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const only = process.argv[2]; // optional: "node" to skip the renderer

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Thread entry points: add one line per worker_threads script the core starts. */
const coreThreads = {
  'sql-worker': 'electron/core/library/sql-worker.thread.ts',
};

/**
 * The search ranking extension (electron/core/library/native/skr_bm25.c), compiled against the
 * SQLite headers better-sqlite3 bundles into dist/core/skr_bm25.so (.dylib). Optional: without a
 * C compiler, or on Windows, the library ranks with FTS5's own bm25(): the same scores, slower.
 */
async function buildRanker() {
  const suffix = { linux: '.so', darwin: '.dylib' }[process.platform];
  const source = path.join(root, 'electron/core/library/native/skr_bm25.c');
  const out = path.join(dist, 'core', `skr_bm25${suffix}`);
  if (!suffix) return console.warn('build: skr_bm25 is not built on this platform; search ranks with bm25()');
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) return;
  await mkdir(path.dirname(out), { recursive: true });
  const include = path.join(root, 'node_modules/better-sqlite3/deps/sqlite3');
  const platformFlags = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  const cc = process.env.CC ?? 'cc';
  const result = spawnSync(cc, ['-O2', '-fPIC', '-shared', ...platformFlags, '-I', include, source, '-o', out, '-lm'], { encoding: 'utf8' });
  if (result.status !== 0)
    console.warn(`build: skr_bm25 not built (${result.error?.message ?? result.stderr.trim()}); search ranks with bm25()`);
}

const started = Date.now();
await rm(path.join(dist, 'build-info.json'), { force: true });
await Promise.all([
  esbuild({ ...node, format: 'esm', entryPoints: { index: 'electron/main/index.ts' }, outdir: 'dist/main', outExtension: { '.js': '.mjs' }, external: ['electron'] }),
  // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
  esbuild({ ...node, format: 'cjs', packages: undefined, entryPoints: { index: 'electron/preload/index.ts' }, outdir: 'dist/preload', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  esbuild({ ...node, format: 'esm', entryPoints: { index: 'electron/worker/index.ts' }, outdir: 'dist/worker', outExtension: { '.js': '.mjs' } }),
  esbuild({ ...node, format: 'esm', entryPoints: { cli: 'electron/host/cli.ts' }, outdir: 'dist/host', outExtension: { '.js': '.mjs' } }),
  // worker_threads entries of the core (one file each under dist/core/).
  esbuild({ ...node, format: 'esm', entryPoints: coreThreads, outdir: 'dist/core', outExtension: { '.js': '.mjs' } }),
  buildRanker(),
  only === 'node' ? undefined : viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
]);
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'build-info.json'), JSON.stringify({ builtAt: new Date().toISOString(), ms: Date.now() - started }) + '\n');
console.log(`build: done in ${Date.now() - started} ms`);
