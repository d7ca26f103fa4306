import { writeJsonLine, type Command } from './command';
import { parseIds } from './document-ids';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete documents and notes (and blobs nothing else uses)',
  usage: 'delete ID… [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const ids = parseIds(ctx.args);
    const { deleted, missing } = await (await ctx.core()).library.deleteDocuments(ids);
    if (ctx.flags.json) writeJsonLine(ctx.stdout, { deleted, missing });
    else {
      if (deleted.length) ctx.stdout.write(`deleted ${deleted.join(', ')}\n`);
      if (missing.length) ctx.stderr.write(`skr delete: no document ${missing.join(', ')}\n`);
    }
    return missing.length ? 1 : 0;
  },
};
