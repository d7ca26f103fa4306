// `npm run bench -- NAME [args]`: bundles test/bench/NAME.bench.ts and runs it under Node.
// Each benchmark prints one JSON object, then a table. With no NAME, lists them.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(path.join(root, 'test/bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\nbenchmarks: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}

// A failed build would leave the benchmark measuring the previous dist/.
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'node'], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);
// Inside the project, so its external packages resolve from node_modules.
const outfile = path.join(root, 'dist', 'bench', `${name}.bench.mjs`);
await build({
  entryPoints: [path.join(root, 'test/bench', `${name}.bench.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, SKR_ROOT: root },
});
process.exit(result.status ?? 1);
