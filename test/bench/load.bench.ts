/**
 * `npm run bench -- load [--files N] [--seconds S] [--rate R]`: imports N generated text files
 * (default 10,000) through the router of a real core while searching R times a second (default 20)
 * for S seconds (default 60). Targets: search p99 ≤ 100 ms, no errors, main event-loop delay
 * p99 ≤ 50 ms. Prints one JSON object, then a table; exits 1 when a target is missed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad } from '../integration/reliability/support/load';

const { values: flags } = parseArgs({
  options: { files: { type: 'string' }, seconds: { type: 'string' }, rate: { type: 'string' } },
  allowPositionals: true,
});
const TARGETS = { searchP99Ms: 100, errors: 0, loopDelayP99Ms: 50 };
const root = process.env.SKR_ROOT ?? process.cwd();

const figures = await runLoad({
  files: Number(flags.files ?? 10_000),
  seconds: Number(flags.seconds ?? 60),
  searchesPerSecond: Number(flags.rate ?? 20),
  distDir: path.join(root, 'dist'),
  log: (m) => process.stderr.write(`load: ${m}\n`),
});
const pass = {
  searchP99: figures.searchP99Ms <= TARGETS.searchP99Ms,
  errors: figures.errors === TARGETS.errors,
  loopDelayP99: figures.loopDelayP99Ms <= TARGETS.loopDelayP99Ms,
};
process.stdout.write(
  JSON.stringify({ benchmark: 'load', ...figures, targets: TARGETS, pass }) + '\n',
);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const rows: Array<[string, string]> = [
  [
    'files imported',
    `${figures.imported} (${figures.importFailed} failed) in ${(figures.importMs / 1000).toFixed(1)} s, ${figures.importedDuringSearches} during the searches`,
  ],
  [
    'searches',
    `${figures.searches} in ${figures.seconds} s, ${figures.errors} errors ${figures.errorSamples.join('; ')}, ${figures.superseded} superseded by a newer search`,
  ],
  [
    'search p50 / p99 / max',
    `${ms(figures.searchP50Ms)} / ${ms(figures.searchP99Ms)} / ${ms(figures.searchMaxMs)} (target p99 ≤ ${TARGETS.searchP99Ms} ms) ${pass.searchP99 ? 'ok' : 'MISSED'}`,
  ],
  [
    'event-loop delay p50 / p99 / max',
    `${ms(figures.loopDelayP50Ms)} / ${ms(figures.loopDelayP99Ms)} / ${ms(figures.loopDelayMaxMs)} (target p99 ≤ ${TARGETS.loopDelayP99Ms} ms) ${pass.loopDelayP99 ? 'ok' : 'MISSED'}`,
  ],
];
const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
process.exitCode = Object.values(pass).every(Boolean) ? 0 : 1;
