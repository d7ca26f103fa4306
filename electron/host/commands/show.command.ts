import { UsageError, writeJsonLine, type Command } from './command';
import { parseIds } from './document-ids';

export const showCommand: Command = {
  name: 'show',
  summary: "Show a document's details, or its extracted text with --text",
  usage: 'show ID [--json|--text]',
  options: { json: { type: 'boolean' }, text: { type: 'boolean' } },
  async run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('show takes exactly one ID');
    if (ctx.flags.json && ctx.flags.text) throw new UsageError('give --json or --text, not both');
    const [id] = parseIds(ctx.args);
    const library = (await ctx.core()).library;
    const doc = await library.getDocument(id!);
    if (ctx.flags.json) {
      writeJsonLine(ctx.stdout, doc);
      return 0;
    }
    if (ctx.flags.text) {
      let from: number | null = 0;
      while (from !== null) {
        const page = await library.documentText(id!, from);
        for (const section of page.sections)
          ctx.stdout.write(section.text.endsWith('\n') ? section.text : `${section.text}\n`);
        from = page.nextSection;
      }
      return 0;
    }
    const rows: [string, string | number | null][] = [
      ['Id', doc.id],
      ['Title', doc.title],
      ['Type', `${doc.type}${doc.mime ? ` (${doc.mime})` : ''}`],
      ['Path', doc.path],
      ['Size', doc.size],
      ['Imported', new Date(doc.importedAt).toISOString()],
      ['Modified', doc.modifiedAt === null ? null : new Date(doc.modifiedAt).toISOString()],
      ['Language', doc.language],
      ['Tags', doc.tags.join(', ') || null],
      ['Passages', `${doc.chunkCount} (${doc.textChars} characters)`],
      ['SHA-256', doc.sha256],
    ];
    for (const [name, value] of rows)
      if (value !== null && value !== '') ctx.stdout.write(`${name.padEnd(9)} ${value}\n`);
    return 0;
  },
};
