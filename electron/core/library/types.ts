/** Shapes of the writer API used by the import pipeline (see index.ts for the protocol). */

export interface DocumentMetrics {
  chars?: number;
  words?: number;
  readingMinutes?: number;
  [key: string]: unknown;
}

export interface NewDocument {
  title: string;
  /** text, markdown, html, pdf, docx, epub, odt, image, code, note, other */
  kind: string;
  mime?: string | null;
  size?: number;
  /** SHA-256 of the blob (hex); null for notes. */
  sha256?: string | null;
  /** The absolute path the file was imported from; null for notes. */
  originalPath?: string | null;
  /** Epoch milliseconds; defaults to now. */
  importedAt?: number;
  /** Epoch milliseconds of the file's own modification time, when known. */
  modifiedAt?: number | null;
  language?: string | null;
  metadata?: Record<string, unknown>;
  /** Path of the thumbnail relative to the library folder. */
  thumbnail?: string | null;
}

export interface ChunkInput {
  /** Position of the passage in the document, 0-based, < 2^24. */
  ordinal: number;
  text: string;
}

export interface CommitDocument {
  metrics?: DocumentMetrics;
  /** ISO 639-1 code detected at import (e.g. `en`, `ja`), or null. */
  language?: string | null;
  title?: string;
  metadata?: Record<string, unknown>;
  thumbnail?: string | null;
  /** Set when the document has no extractable text (e.g. an image, a scanned PDF). */
  noText?: boolean;
  tags?: string[];
}

export type DocumentState = 'importing' | 'ready' | 'deleting';

export interface DocumentRef {
  id: number;
  state: DocumentState;
  title: string;
  sha256: string | null;
  originalPath: string | null;
  importedAt: number;
}

export interface DeleteResult {
  deleted: number[];
  missing: number[];
  /** Blob hashes no document refers to any more: the blob store may delete these files. */
  unreferencedBlobs: string[];
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}
