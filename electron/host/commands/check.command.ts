import { checkLibrary } from '../../core/ingest';
import { writeJsonLine, type Command } from './command';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Verify the database and the stored files; --repair removes what is left over',
  usage: 'check [--repair] [--json]',
  options: { repair: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(ctx) {
    const core = await ctx.core();
    const report = await checkLibrary(core.library, core.ingest.blobs, { repair: Boolean(ctx.flags.repair) });
    if (ctx.flags.json) writeJsonLine(ctx.stdout, report);
    else {
      const lines = report.problems.map((p) => `${p.repaired ? 'repaired' : 'problem '}  ${p.kind}: ${p.message}`);
      lines.push(report.ok ? (report.problems.length ? 'Library repaired.' : 'Library ok.') : 'Problems remain (see above).');
      ctx.stdout.write(lines.join('\n') + '\n');
    }
    return report.ok ? 0 : 1;
  },
};
