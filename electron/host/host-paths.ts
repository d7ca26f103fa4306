import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ as seen from the bundled host (dist/host/cli.mjs). */
export const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDir = path.join(distDir, 'renderer');
