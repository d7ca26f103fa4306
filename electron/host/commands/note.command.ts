import { UsageError, writeJsonLine, type Command } from './command';
import { readAll } from './document-ids';

export const noteCommand: Command = {
  name: 'note',
  summary: 'Create a Markdown note; the body is read from stdin',
  usage: 'note new --title T [--tag X]… [--json]',
  options: {
    title: { type: 'string' },
    tag: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    if (ctx.args[0] !== 'new' || ctx.args.length !== 1)
      throw new UsageError('usage: skr note new --title T [--tag X] < body.md');
    const title = typeof ctx.flags.title === 'string' ? ctx.flags.title.trim() : '';
    if (!title) throw new UsageError('note new needs --title');
    const body = await readAll(ctx.stdin);
    const tags = (ctx.flags.tag as string[] | undefined) ?? [];
    const note = await (await ctx.core()).library.createNote({ title, body, tags });
    if (ctx.flags.json) writeJsonLine(ctx.stdout, note);
    else ctx.stdout.write(`${note.id}\n`);
    return 0;
  },
};
