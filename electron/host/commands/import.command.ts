import path from 'node:path';
import type { ImportProgress, ImportSummary } from '../../../shared/channels/import';
import { UsageError, writeJsonLine, type Command } from './command';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** One line of progress for a terminal, e.g. `[#####.....] 512/1,024 files  40.0/80.0 MB  12.3 MB/s  ETA 4s`. */
export function progressLine(p: ImportProgress, width = 24): string {
  const ratio = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  const filled = Math.min(width, Math.round(ratio * width));
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const total = `${p.filesTotal.toLocaleString('en')}${p.walking ? '+' : ''}`;
  const eta = p.etaSeconds === null ? '' : `  ETA ${p.etaSeconds}s`;
  return `${bar} ${p.filesDone.toLocaleString('en')}/${total} files  ${mb(p.bytesDone)}/${mb(p.bytesTotal)}  ${mb(p.bytesPerSecond)}/s${eta}`;
}

function summaryText(summary: ImportSummary, documents: number): string {
  const lines = [
    `Imported ${summary.imported} file(s), ${summary.duplicates} duplicate(s), ${summary.failed.length} failed, ${summary.skipped.length} skipped ` +
      `(${mb(summary.bytes)} in ${(summary.ms / 1000).toFixed(1)} s); the library holds ${documents} document(s).`,
    ...summary.failed.map((f) => `  failed   ${f.path}: ${f.reason} (${f.message})`),
    ...summary.skipped.map((s) => `  skipped  ${s.path}: ${s.reason}`),
  ];
  if (summary.omitted > 0) lines.push(`  … and ${summary.omitted} more not listed`);
  if (summary.state !== 'completed') lines.push(`The import was ${summary.state}.`);
  return lines.join('\n') + '\n';
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import files and folders into the library',
  usage: 'import PATH… [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    if (ctx.args.length === 0) throw new UsageError('import needs at least one PATH');
    const paths = ctx.args.map((p) => path.resolve(p));
    const core = await ctx.core();
    const stderr = ctx.stderr as NodeJS.WriteStream;
    const jobId = core.ingest.start(paths);
    const unsubscribe = stderr.isTTY
      ? core.events.subscribe('import.progress', (p) => {
          if (p.jobId === jobId) stderr.write(`\r${progressLine(p)}\u001b[K`);
        })
      : () => {};
    const onInterrupt = () => core.ingest.cancel(jobId);
    process.once('SIGINT', onInterrupt);
    let summary: ImportSummary;
    try {
      summary = await core.ingest.whenFinished(jobId);
    } finally {
      process.off('SIGINT', onInterrupt);
      unsubscribe();
      if (stderr.isTTY) stderr.write('\r\u001b[K');
    }
    const { documents } = await core.library.stats();
    if (ctx.flags.json) {
      writeJsonLine(ctx.stdout, {
        imported: summary.imported,
        duplicates: summary.duplicates,
        failed: summary.failed.map(({ path, reason }) => ({ path, reason })),
        skipped: summary.skipped.map(({ path, reason }) => ({ path, reason })),
        documents,
        bytes: summary.bytes,
        ms: summary.ms,
      });
    } else ctx.stdout.write(summaryText(summary, documents));
    return summary.state === 'completed' ? 0 : 1;
  },
};
