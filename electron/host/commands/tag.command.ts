import { UsageError, type Command, type CommandContext } from './command';
import { parseIds } from './document-ids';

async function changeTags(ctx: CommandContext, add: boolean): Promise<number> {
  const [rawId, ...tags] = ctx.args;
  if (!rawId || !tags.length) throw new UsageError(`usage: skr ${add ? 'tag' : 'untag'} ID TAG…`);
  const [id] = parseIds([rawId]);
  const library = (await ctx.core()).library;
  const { changed } = add ? await library.addTags([id!], tags) : await library.removeTags([id!], tags);
  const doc = await library.getDocument(id!);
  ctx.stdout.write(
    `${changed} tag${changed === 1 ? '' : 's'} ${add ? 'added' : 'removed'}; ${doc.id} is tagged: ${doc.tags.join(', ') || '(none)'}\n`,
  );
  return 0;
}

export const tagCommand: Command = {
  name: 'tag',
  summary: 'Add tags to a document',
  usage: 'tag ID TAG…',
  options: {},
  run: (ctx) => changeTags(ctx, true),
};

export const untagCommand: Command = {
  name: 'untag',
  summary: 'Remove tags from a document',
  usage: 'untag ID TAG…',
  options: {},
  run: (ctx) => changeTags(ctx, false),
};
