import path from 'node:path';
import { PREVIEWABLE_IMAGE_TYPES } from '../../shared/security';
import type { Core } from './app-core';
import { AppError } from './api/app-error';

/** `thumbnail`: the 256 px WebP; `preview`: a raster image's stored copy, shown inline; `original`: any stored copy, as a download. */
export type DocumentFileKind = 'thumbnail' | 'preview' | 'original';

export interface DocumentFile {
  path: string;
  /** Response headers, the same in Electron and browser mode. */
  headers: Record<string, string>;
}

/** `files/<id>/<kind>`: the URL path both transports serve a document's files under. */
export function parseDocumentFileUrl(pathname: string): { id: number; kind: DocumentFileKind } | null {
  const match = /^\/files\/(\d{1,15})\/(thumbnail|preview|original)$/.exec(pathname);
  return match ? { id: Number(match[1]), kind: match[2] as DocumentFileKind } : null;
}

/**
 * Where a document's thumbnail or stored copy is on disk, and the headers to serve it with. Stored
 * copies are untrusted: never sniffed, sandboxed, and a download unless they are a raster image.
 * Only files inside the library folder are ever named, whatever the database says.
 */
export async function documentFile(core: Pick<Core, 'library' | 'ingest' | 'libraryDir'>, id: number, kind: DocumentFileKind): Promise<DocumentFile> {
  const doc = await core.library.getDocument(id);
  const root = path.resolve(core.libraryDir);
  const previewable = doc.mime !== null && PREVIEWABLE_IMAGE_TYPES.has(doc.mime);
  let file: string | null = null;
  if (kind === 'thumbnail' && doc.thumbnail) file = path.resolve(root, doc.thumbnail);
  if ((kind === 'original' || (kind === 'preview' && previewable)) && doc.sha256) file = core.ingest.blobs.pathOf(doc.sha256);
  if (!file || !file.startsWith(root + path.sep)) throw new AppError('not_found', `Document ${id} has no ${kind}`);
  const untrusted = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': 'sandbox' };
  if (kind === 'thumbnail') return { path: file, headers: { ...untrusted, 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=86400' } };
  if (kind === 'preview') return { path: file, headers: { ...untrusted, 'Content-Type': doc.mime!, 'Cache-Control': 'private, max-age=86400' } };
  const fileName = doc.path ? path.basename(doc.path) : doc.title;
  return {
    path: file,
    headers: { ...untrusted, 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` },
  };
}
