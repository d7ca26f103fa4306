import type { DocumentSummary } from '../../../shared/channels/library';
import { writeJsonLine, type Command } from './command';

export const listCommand: Command = {
  name: 'list',
  summary: 'List documents, newest first',
  usage: 'list [--type T] [--tag T] [--json]',
  options: { type: { type: 'string' }, tag: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const library = (await ctx.core()).library;
    const items: DocumentSummary[] = [];
    let total: number;
    let cursor: string | undefined;
    do {
      const page = await library.list({
        type: ctx.flags.type as string | undefined,
        tag: ctx.flags.tag as string | undefined,
        limit: 500,
        cursor,
      });
      total = page.total;
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (ctx.flags.json) {
      writeJsonLine(ctx.stdout, { total, items });
      return 0;
    }
    for (const d of items) {
      const date = new Date(d.modifiedAt ?? d.importedAt).toISOString().slice(0, 10);
      const tags = d.tags.length ? `  #${d.tags.join(' #')}` : '';
      ctx.stdout.write(
        `${String(d.id).padStart(7)}  ${date}  ${d.type.padEnd(8)}  ${d.title}${tags}\n`,
      );
    }
    ctx.stdout.write(`${total} document${total === 1 ? '' : 's'}\n`);
    return 0;
  },
};
