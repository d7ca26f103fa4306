import { decodedTextStream } from './decoded-text-stream';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField } from './extractor';

/** Text, code, CSV, JSON, logs: streamed through the detected decoding. */
export async function extractPlainText({ path, writer }: ExtractContext): Promise<ExtractedFields> {
  let encoding = 'utf-8';
  for await (const text of decodedTextStream(path, (detected) => (encoding = detected))) await writer.write(text);
  return { encoding };
}

/** Markdown: as plain text, titled by its first top-level heading. */
export async function extractMarkdown({ path, writer }: ExtractContext): Promise<ExtractedFields> {
  let encoding = 'utf-8';
  let title: string | undefined;
  let first = true;
  for await (const text of decodedTextStream(path, (detected) => (encoding = detected))) {
    if (first) title = cleanField(/^#[ \t]+(.+)$/m.exec(text)?.[1]?.replace(/[ \t]#+$/, ''));
    first = false;
    await writer.write(text);
  }
  return { encoding, title };
}
