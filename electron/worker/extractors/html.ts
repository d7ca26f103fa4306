import { decodedTextStream } from './decoded-text-stream';
import type { ExtractContext, ExtractedFields } from './extractor';
import { sourceOf } from './extractor';
import { HTML, MarkupText } from './markup-text';

/** HTML: visible text and title, streamed through htmlparser2. */
export async function extractHtml(context: ExtractContext): Promise<ExtractedFields> {
  let encoding = 'utf-8';
  const markup = await MarkupText.create(context.writer, HTML);
  for await (const text of decodedTextStream(sourceOf(context), (detected) => (encoding = detected))) await markup.write(text);
  await markup.end();
  return { encoding, title: markup.title };
}
