import { ExtractError } from '../extract-error';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField, sourceOf } from './extractor';
import { HTML, MarkupText } from './markup-text';
import { firstText, xmlElements } from './xml-elements';
import { ZipArchive } from './zip-archive';

/**
 * What mammoth's HTML needs to mark for us: headings (they become sections); every other paragraph
 * is a paragraph anyway. mammoth parses its style map on every call, and its default one (lists,
 * footnotes, Pages and LibreOffice styles) cost 5 ms a document, a third of reading a typical one.
 */
const HEADING_STYLE_MAP = [1, 2, 3, 4, 5, 6]
  .flatMap((level) =>
    [`p.Heading${level}`, `p[style-name='Heading ${level}']`, `p[style-name='heading ${level}']`].map(
      (selector) => `${selector} => h${level}:fresh`,
    ),
  )
  .concat(["p.Heading => h1:fresh", "p[style-name='Heading'] => h1:fresh"]);

/** DOCX: mammoth's HTML (headings become sections) and the core properties' title and author. */
export async function extractDocx(context: ExtractContext): Promise<ExtractedFields> {
  const { path, bytes, writer } = context;
  // Checks the archive against the zip-bomb limits before mammoth inflates it in memory.
  const zip = await ZipArchive.open(sourceOf(context));
  let fields: ExtractedFields = {};
  try {
    if (!zip.has('word/document.xml')) throw new ExtractError('corrupt', 'not a Word document: word/document.xml is missing');
    // mammoth inflates the body whole, in memory: hold it to the per-entry cap first, by its
    // declared size and by what it really inflates to (a lying size fails as soon as it is passed).
    await zip.read('word/document.xml');
    if (zip.has('docProps/core.xml')) {
      const core = await xmlElements(await zip.readText('docProps/core.xml'));
      fields = { title: cleanField(firstText(core, 'title')), author: cleanField(firstText(core, 'creator')) };
    }
  } finally {
    zip.close();
  }
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      bytes ? { buffer: bytes } : { path },
      {
        externalFileAccess: false,
        includeDefaultStyleMap: false,
        styleMap: HEADING_STYLE_MAP,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new ExtractError('corrupt', `the Word document could not be read: ${(error as Error).message}`);
  }
  const markup = await MarkupText.create(writer, HTML);
  await markup.write(html);
  await markup.end();
  return fields;
}
