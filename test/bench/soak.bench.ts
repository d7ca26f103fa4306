/**
 * `npm run bench -- soak [--minutes N] [--files N] [--period S]`: import / search / delete cycles
 * against a real core for N minutes (default 30), each cycle a fresh folder of text files (default
 * 500), one cycle every S seconds (default 10; a cycle that overruns starts the next at once).
 * Targets: main-process memory growth ≤ 1 %/hour, fitted over the RSS at rest after each cycle
 * past the first fifth of the run (while caches fill) that renewed no SQL thread (the renewal
 * cycles are reported apart: how much higher they read, and their own slope); open handles back
 * to the baseline ± 2 after each cycle; the blob store empty and the database back to its baseline
 * size after VACUUM. The slope of the RSS sampled every second, work in flight included, is
 * reported beside it. Prints one JSON object, then a table; exits 1 when a target is missed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak } from '../integration/reliability/support/soak';

const { values: flags } = parseArgs({
  options: { minutes: { type: 'string' }, files: { type: 'string' }, period: { type: 'string' } },
  allowPositionals: true,
});
const TARGETS = { growthPercentPerHour: 1, fdDeviation: 2 };
const root = process.env.SKR_ROOT ?? process.cwd();
const minutes = Number(flags.minutes ?? 30);

const figures = await runSoak({
  durationMs: minutes * 60_000,
  filesPerCycle: Number(flags.files ?? 500),
  periodMs: Number(flags.period ?? 10) * 1000,
  distDir: path.join(root, 'dist'),
  sampleMs: 1000,
  log: (m) => process.stderr.write(`soak: ${m}\n`),
});
const steady = figures.cycles.filter((c) => !c.warmup);
const settled = steady.filter((c) => !c.renewals);
const pass = {
  // Too short a run, or one whose every cycle renewed a thread, has no slope to meet the target.
  growth:
    settled.length >= 2 && figures.settledRssGrowthPercentPerHour <= TARGETS.growthPercentPerHour,
  handles: figures.fdMaxDeviation <= TARGETS.fdDeviation,
  blobs: figures.blobBytesLeft === 0,
  database: figures.dbFinalBytes <= figures.dbBaselineBytes,
  errors: figures.errors.length === 0,
};
process.stdout.write(
  JSON.stringify({ benchmark: 'soak', minutes, ...figures, targets: TARGETS, pass }) + '\n',
);
const heapRange = (key: 'heapMb' | 'newSpaceMb' | 'heapUsedMb' | 'codeSpaceMb') =>
  `${steady[0]?.[key] ?? '-'} → ${figures.cycles.at(-1)?.[key] ?? '-'}`;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const rows: Array<[string, string]> = [
  ['cycles', `${figures.cycles.length} in ${minutes} min, ${figures.errors.length} errors`],
  [
    'main RSS at rest',
    `${settled[0]?.rssMb ?? '-'} → ${settled.at(-1)?.rssMb ?? '-'} MB, growth ${figures.settledRssGrowthPercentPerHour.toFixed(2)} %/h (target ≤ ${TARGETS.growthPercentPerHour}) ${mark(pass.growth)}`,
  ],
  [
    'main RSS, renewal cycles',
    Number.isNaN(figures.renewalExcessMb)
      ? 'none'
      : `${steady.length - settled.length} cycles, ${figures.renewalExcessMb} MB above the others, growth ${figures.renewalRssGrowthPercentPerHour.toFixed(2)} %/h`,
  ],
  [
    'main RSS, 1 s samples',
    `${figures.rssStartMb} → ${figures.rssEndMb} MB, growth ${figures.rssGrowthPercentPerHour.toFixed(2)} %/h`,
  ],
  [
    'main V8 heap / new space',
    `${heapRange('heapMb')} / ${heapRange('newSpaceMb')} MB (first cycle after the warm-up → last)`,
  ],
  ['main V8 live objects / code', `${heapRange('heapUsedMb')} / ${heapRange('codeSpaceMb')} MB`],
  [
    'open fds',
    `baseline ${figures.fdBaseline}, max deviation ${figures.fdMaxDeviation} (target ≤ ${TARGETS.fdDeviation}) ${mark(pass.handles)}`,
  ],
  ['blob store left', `${figures.blobBytesLeft} bytes ${mark(pass.blobs)}`],
  [
    'database after VACUUM',
    `${figures.dbFinalBytes} bytes vs baseline ${figures.dbBaselineBytes} ${mark(pass.database)}`,
  ],
];
const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
process.exitCode = Object.values(pass).every(Boolean) ? 0 : 1;
