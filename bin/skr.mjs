#!/usr/bin/env node
// The `skr` command: runs the bundled host (dist/host/cli.mjs), built by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/host/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('skr: the app is not built yet; run `npm run build` in the project folder first.\n');
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
