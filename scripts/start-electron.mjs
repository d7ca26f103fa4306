// `npm start`: fetch the Electron binary if `npm install` skipped it, build better-sqlite3 for
// Electron beside the Node build, bundle the app, then open the window.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));

function run(args, env = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first run)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  run([path.join(electronDir, 'install.js')], env);
  if (!existsSync(path.join(electronDir, 'path.txt'))) {
    console.error('Could not download Electron. Browser mode works without it: npm run serve');
    process.exit(1);
  }
}
run([path.join(root, 'scripts/electron-native.mjs')]);
run([path.join(root, 'scripts/build.mjs')]);

const electron = require('electron');
const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
