// `npm test`: build, type-check, lint, then every Vitest project (unit, integration, e2e).
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', ['node', 'scripts/build.mjs']],
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.json']],
  ['lint', ['npx', 'eslint', '.']],
  ['vitest', ['npx', 'vitest', 'run', ...process.argv.slice(2)]],
];

for (const [name, [cmd, ...args]] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, SKR_SKIP_BUILD: '1' } });
  if (result.status !== 0) {
    console.error(`✖ ${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
