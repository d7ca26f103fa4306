import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Integration and end-to-end tests run the built host, worker and renderer (real processes, as a
// user runs them). `npm test` builds first; a bare `vitest` builds only when dist/ is missing, so
// after changing host, worker or renderer code run `npm run build` before `vitest`.
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  if (existsSync(path.join(root, 'dist', 'build-info.json'))) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
