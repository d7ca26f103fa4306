import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Monitor } from '../../core/monitor/monitor';
import { buildReport } from '../../core/monitor/report';
import { UsageError, type Command } from './command';

export interface ReportCommandOptions {
  /** Write the Markdown here instead of to `out`. */
  outFile?: string;
  /** When the monitor has no sample yet, sample this long first so the report has figures. */
  warmupMs?: number;
}

/** Writes the Memory & Resource Performance Analysis Report; returns the markdown. */
export async function runReportCommand(
  monitor: Monitor,
  out: NodeJS.WritableStream,
  options: ReportCommandOptions = {},
): Promise<string> {
  if (monitor.latest() === null) {
    monitor.tick();
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs ?? 1000));
    monitor.tick();
  }
  const markdown = buildReport(monitor.reportData());
  if (options.outFile) {
    await writeFile(options.outFile, markdown);
    out.write(`Wrote ${path.resolve(options.outFile)}\n`);
  } else {
    out.write(markdown);
  }
  return markdown;
}

/** `skr report`: the Markdown report from this process's measurements. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'Write the Memory & Resource Performance Analysis Report (Markdown)',
  usage: 'report [--out FILE]',
  options: { out: { type: 'string' } },
  async run(ctx) {
    const outFile = ctx.flags.out;
    if (outFile !== undefined && (typeof outFile !== 'string' || !outFile))
      throw new UsageError('--out needs a file name');
    await runReportCommand((await ctx.core()).monitor, ctx.stdout, {
      outFile: outFile as string | undefined,
    });
    return 0;
  },
};
