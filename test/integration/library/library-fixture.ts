import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLibrary, type Library, type NewDocument } from '../../../electron/core/library';

export const SQL_WORKER = path.resolve('dist/core/sql-worker.mjs');

export interface TempLibrary {
  library: Library;
  dir: string;
  dispose(): Promise<void>;
}

export async function openTempLibrary(
  options: {
    readers?: number;
    dir?: string;
    idleMaintenanceMs?: number;
    busyTombstonePruneMs?: number;
    renewThreadsAfterMs?: number;
    ranker?: string;
    log?: (message: string) => void;
  } = {},
): Promise<TempLibrary> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'skr-library-'));
  const library = await openLibrary({
    dir,
    sqlWorkerScript: SQL_WORKER,
    readers: options.readers ?? 2,
    idleMaintenanceMs: options.idleMaintenanceMs,
    busyTombstonePruneMs: options.busyTombstonePruneMs,
    renewThreadsAfterMs: options.renewThreadsAfterMs,
    ranker: options.ranker,
    log: options.log ?? (() => {}),
  });
  return {
    library,
    dir,
    async dispose() {
      await library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TextDoc {
  title: string;
  text: string | string[];
  kind?: string;
  language?: string;
  tags?: string[];
  modifiedAt?: number;
  sha256?: string;
}

/** Imports a document through the staged writer API, as the ingest pipeline does. */
export async function addText(library: Library, doc: TextDoc): Promise<number> {
  const meta: NewDocument = {
    title: doc.title,
    kind: doc.kind ?? 'text',
    mime: 'text/plain',
    size: 100,
    sha256: doc.sha256 ?? null,
    originalPath: `/imports/${doc.title}.txt`,
    modifiedAt: doc.modifiedAt ?? null,
  };
  const id = await library.beginDocument(meta);
  const texts = Array.isArray(doc.text) ? doc.text : [doc.text];
  await library.appendChunks(
    id,
    texts.map((text, ordinal) => ({ ordinal, text })),
  );
  await library.commitDocument(id, {
    language: doc.language ?? 'en',
    tags: doc.tags,
    metrics: { chars: 1 },
  });
  return id;
}

/** Filler documents so that BM25's IDF is meaningful. */
export async function addFiller(library: Library, count: number): Promise<void> {
  await library.addDocuments(
    Array.from({ length: count }, (_, i) => ({
      meta: { title: `Filler ${i}`, kind: 'text', originalPath: `/imports/filler-${i}.txt` },
      chunks: [
        { ordinal: 0, text: `ordinary filler text number ${i} about nothing in particular` },
      ],
      final: { language: 'en' },
    })),
  );
}
