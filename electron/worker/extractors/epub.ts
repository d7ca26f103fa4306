import path from 'node:path/posix';
import { ExtractError } from '../extract-error';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField, sourceOf } from './extractor';
import { HTML, MarkupText } from './markup-text';
import { attribute, firstText, xmlElements } from './xml-elements';
import { ZipArchive } from './zip-archive';

/**
 * EPUB: the spine's documents in reading order (headings become sections), the package's title
 * and author. Manifest paths that lead outside the archive are never followed.
 */
export async function extractEpub(context: ExtractContext): Promise<ExtractedFields> {
  const { writer } = context;
  const zip = await ZipArchive.open(sourceOf(context));
  try {
    const container = await xmlElements(await zip.readText('META-INF/container.xml'));
    const opfPath = insideArchive('', attribute(container.find((e) => e.name === 'rootfile') ?? emptyElement, 'full-path'));
    if (!opfPath || !zip.has(opfPath)) throw new ExtractError('corrupt', 'the EPUB has no package document');
    const opf = await xmlElements(await zip.readText(opfPath));
    const hrefs = new Map<string, string>();
    for (const item of opf.filter((e) => e.name === 'item')) {
      const id = attribute(item, 'id');
      const href = attribute(item, 'href');
      if (id && href) hrefs.set(id, href);
    }
    const base = path.dirname(opfPath);
    const spine = opf.filter((e) => e.name === 'itemref').map((e) => insideArchive(base, hrefs.get(attribute(e, 'idref') ?? '')));
    for (const entry of spine) {
      if (!entry || !zip.has(entry)) continue;
      const markup = await MarkupText.create(writer, HTML);
      await markup.write(await zip.readText(entry));
      await markup.end();
      await writer.moveTo({});
    }
    return { title: cleanField(firstText(opf, 'title')), author: cleanField(firstText(opf, 'creator')) };
  } finally {
    zip.close();
  }
}

const emptyElement = { name: '', attributes: {}, text: '' };

/** The archive path a manifest reference points to, or undefined when it leaves the archive. */
function insideArchive(base: string, href: string | undefined): string | undefined {
  if (!href) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (!decoded || decoded.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.includes('\\')) return undefined;
  const resolved = path.normalize(path.join(base, decoded));
  if (resolved === '..' || resolved.startsWith('../') || path.isAbsolute(resolved)) return undefined;
  return resolved;
}
