import path from 'node:path';
import type { Core } from './app-core';
import { AppError } from './api/app-error';

export type DocumentFileKind = 'thumbnail' | 'original';

export interface DocumentFile {
  path: string;
  mime: string;
  /** What a download should be called. */
  fileName: string;
}

/** `files/<id>/<kind>`: the URL path both transports serve a document's files under. */
export function parseDocumentFileUrl(pathname: string): { id: number; kind: DocumentFileKind } | null {
  const match = /^\/files\/(\d{1,15})\/(thumbnail|original)$/.exec(pathname);
  return match ? { id: Number(match[1]), kind: match[2] as DocumentFileKind } : null;
}

/**
 * Where a document's thumbnail or stored copy is on disk. Only files inside the library folder are
 * ever named, whatever the database says.
 */
export async function documentFile(core: Pick<Core, 'library' | 'ingest' | 'libraryDir'>, id: number, kind: DocumentFileKind): Promise<DocumentFile> {
  const doc = await core.library.getDocument(id);
  const root = path.resolve(core.libraryDir);
  let file: string | null = null;
  if (kind === 'thumbnail' && doc.thumbnail) file = path.resolve(root, doc.thumbnail);
  if (kind === 'original' && doc.sha256) file = core.ingest.blobs.pathOf(doc.sha256);
  if (!file || !file.startsWith(root + path.sep)) throw new AppError('not_found', `Document ${id} has no ${kind}`);
  const fileName = doc.path ? path.basename(doc.path) : doc.title;
  return { path: file, mime: kind === 'thumbnail' ? 'image/webp' : (doc.mime ?? 'application/octet-stream'), fileName };
}
