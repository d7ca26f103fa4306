import { rm } from 'node:fs/promises';
import type { Library } from '../library';
import { hashFile, type BlobStore } from './blob-store';

export type ProblemKind = 'database' | 'incomplete_import' | 'missing_blob' | 'orphan_blob' | 'corrupt_blob' | 'stray_file' | 'temp_file';

export interface CheckProblem {
  kind: ProblemKind;
  message: string;
  /** True when `repair` fixed it. */
  repaired: boolean;
}

export interface CheckReport {
  /** No problem is left (after repairs, when repairing). */
  ok: boolean;
  problems: CheckProblem[];
}

export type CheckableLibrary = Pick<Library, 'integrityCheck' | 'listIncompleteDocuments' | 'deleteDocuments' | 'list' | 'getDocument' | 'findBySha256'>;

const PAGE = 500;

/**
 * Verifies a library: the database (integrity, foreign keys, index rows), documents left half
 * imported, and the blob store against the documents (every reference present, every blob
 * referenced, every hash right, no stray or temporary files). `repair` removes what can be
 * removed safely: incomplete imports, orphan blobs, stray and temporary files. Run it while no
 * import is running on the library.
 */
export async function checkLibrary(library: CheckableLibrary, blobs: BlobStore, options: { repair?: boolean } = {}): Promise<CheckReport> {
  const repair = options.repair ?? false;
  const problems: CheckProblem[] = [];
  const add = (kind: ProblemKind, message: string, repaired = false) => problems.push({ kind, message, repaired });

  const database = await library.integrityCheck();
  for (const message of database.problems) add('database', message);

  // Files first: on a full disk, removing them makes room for the database writes that follow.
  for await (const file of blobs.listTemp()) {
    if (repair) await rm(file, { force: true });
    add('temp_file', `${file} is a temporary copy left by an interrupted import`, repair);
  }

  for await (const blob of blobs.list()) {
    if (!blob.sha256) {
      if (repair) await rm(blob.path, { force: true });
      add('stray_file', `${blob.path} is not a blob`, repair);
    } else if (!(await library.findBySha256(blob.sha256))) {
      if (repair) await blobs.remove(blob.sha256);
      add('orphan_blob', `blob ${blob.sha256} belongs to no document`, repair);
    } else if ((await hashFile(blob.path)) !== blob.sha256) {
      add('corrupt_blob', `blob ${blob.sha256} does not match its hash; import the file again`);
    }
  }

  for (const doc of await library.listIncompleteDocuments()) {
    let repaired = false;
    let failure = '';
    if (repair) {
      try {
        const { unreferencedBlobs } = await library.deleteDocuments([doc.id]);
        for (const sha of unreferencedBlobs) await blobs.remove(sha);
        repaired = true;
      } catch (error) {
        failure = `; removing it failed: ${(error as Error).message}`;
      }
    }
    add('incomplete_import', `document ${doc.id} (${doc.title}) was left ${doc.state}${failure}`, repaired);
  }

  for await (const doc of readyDocuments(library)) {
    if (doc.sha256 && !(await blobs.has(doc.sha256))) {
      add('missing_blob', `document ${doc.id} (${doc.title}) has lost its stored copy ${doc.sha256}; import the file again`);
    }
  }

  return { ok: problems.every((p) => p.repaired), problems };
}

async function* readyDocuments(library: CheckableLibrary): AsyncGenerator<{ id: number; title: string; sha256: string | null }> {
  let cursor: string | undefined;
  do {
    const page = await library.list({ sort: 'date', order: 'asc', limit: PAGE, cursor });
    for (const item of page.items) {
      const detail = await library.getDocument(item.id).catch(() => null);
      if (detail) yield { id: detail.id, title: detail.title, sha256: detail.sha256 };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
