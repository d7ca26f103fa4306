import path from 'node:path';
import { openLibrary, type Library } from '../../../../electron/core/library';
import type { DocumentSummary } from '../../../../shared/channels/library';

/** Opens a library folder the CLI wrote (after it has exited) to look at what it holds. */
export function viewLibrary(dir: string): Promise<Library> {
  return openLibrary({
    dir,
    sqlWorkerScript: path.resolve('dist/core/sql-worker.mjs'),
    readers: 1,
    log: () => {},
  });
}

/** Every ready document, page by page. */
export async function allDocuments(library: Library): Promise<DocumentSummary[]> {
  const items: DocumentSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await library.list({ sort: 'date', order: 'asc', limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The whole text of a document, all sections. */
export async function fullText(library: Library, id: number): Promise<string> {
  let text = '';
  let from: number | null = 0;
  while (from !== null) {
    const part = await library.documentText(id, from, 2_000_000);
    text += part.sections.map((s) => s.text).join('');
    from = part.nextSection;
  }
  return text;
}
