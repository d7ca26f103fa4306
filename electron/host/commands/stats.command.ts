import { writeJsonLine, type Command } from './command';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the library holds',
  usage: 'stats [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const core = await ctx.core();
    const stats = await core.library.stats();
    if (ctx.flags.json) {
      writeJsonLine(ctx.stdout, { library: ctx.libraryDir, ...stats });
      return 0;
    }
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    ctx.stdout.write(
      [
        `Library    ${ctx.libraryDir}`,
        `Documents  ${stats.documents} (${stats.notes} notes), ${stats.chunks} passages, ${stats.tags} tags`,
        `Blobs      ${mb(stats.blobBytes)}`,
        `Database   ${mb(stats.databaseBytes)} (+ ${mb(stats.walBytes)} WAL)`,
        ...Object.entries(stats.byType).map(([type, n]) => `  ${type.padEnd(9)}${n}`),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
