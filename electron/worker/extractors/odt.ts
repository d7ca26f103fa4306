import { ExtractError } from '../extract-error';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField, sourceOf } from './extractor';
import { MarkupText, ODF } from './markup-text';
import { firstText, xmlElements } from './xml-elements';
import { ZipArchive } from './zip-archive';

/** ODT: content.xml's paragraphs (level-1/2 headings become sections), meta.xml's title and author. */
export async function extractOdt(context: ExtractContext): Promise<ExtractedFields> {
  const { writer } = context;
  const zip = await ZipArchive.open(sourceOf(context));
  try {
    if (!zip.has('content.xml')) throw new ExtractError('corrupt', 'not an OpenDocument text: content.xml is missing');
    let fields: ExtractedFields = {};
    if (zip.has('meta.xml')) {
      const meta = await xmlElements(await zip.readText('meta.xml'));
      fields = { title: cleanField(firstText(meta, 'title')), author: cleanField(firstText(meta, 'initial-creator', 'creator')) };
    }
    const markup = await MarkupText.create(writer, ODF);
    await markup.write(await zip.readText('content.xml'));
    await markup.end();
    return fields;
  } finally {
    zip.close();
  }
}
