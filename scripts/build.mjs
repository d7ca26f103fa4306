// Bundles every part of the app: renderer (Vite), Electron main and preload, the utility-process
// worker and the host (CLI + browser mode). Node bundles keep packages external (native modules).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
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
  only === 'node' ? undefined : viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' }),
]);
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'build-info.json'), JSON.stringify({ builtAt: new Date().toISOString(), ms: Date.now() - started }) + '\n');
console.log(`build: done in ${Date.now() - started} ms`);
