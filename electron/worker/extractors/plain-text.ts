import { decodedTextStream } from './decoded-text-stream';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField, sourceOf } from './extractor';

/** Text, code, CSV, JSON, logs: streamed through the detected decoding. */
export async function extractPlainText(context: ExtractContext): Promise<ExtractedFields> {
  let encoding = 'utf-8';
  for await (const text of decodedTextStream(sourceOf(context), (detected) => (encoding = detected))) await context.writer.write(text);
  return { encoding };
}

/** Markdown: as plain text, titled by its first top-level heading. */
export async function extractMarkdown(context: ExtractContext): Promise<ExtractedFields> {
  let encoding = 'utf-8';
  let title: string | undefined;
  let first = true;
  for await (const text of decodedTextStream(sourceOf(context), (detected) => (encoding = detected))) {
    if (first) title = cleanField(/^#[ \t]+(.+)$/m.exec(text)?.[1]?.replace(/[ \t]#+$/, ''));
    first = false;
    await context.writer.write(text);
  }
  return { encoding, title };
}
