import Database from 'better-sqlite3';
import { AppError } from '../api/app-error';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

export type Db = Database.Database;

export interface ConnectionOptions {
  readonly?: boolean;
  /** Path of the better-sqlite3 addon (Electron needs its own build). */
  nativeBinding?: string;
}

export function openConnection(file: string, options: ConnectionOptions = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Three connections live in the app's own process (one writer, two readers): their page caches
  // count toward its memory budget (main ≤ 150 MB). Searches read passages scattered over the
  // whole file, so a reader's cache only keeps the B-tree's upper levels: 2 MB answered a 100k
  // library as fast as 8 or 64 MB did, and as fast as memory-mapping the file, which was dropped
  // as every mapping counts the pages it touched again in the process's resident memory. The
  // writer keeps 8 MB: the index pages it rewrites while importing.
  db.pragma(`cache_size = ${options.readonly ? -2000 : -8000}`);
  db.pragma('mmap_size = 0');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  return db;
}

/**
 * A LIMIT bound at each run. SQLite plans a bare `LIMIT ?` with the value bound at the time and so
 * prepares the statement again whenever that parameter is bound anew (12 µs a run on a table,
 * 35-45 µs on an FTS5 table, measured); as an expression the limit is planned once.
 */
export const BOUND_LIMIT = 'LIMIT CAST(? AS INTEGER)';

/** How a reader ranks: with the ranking extension, else with FTS5's bm25() and why. */
export type Ranking = { by: 'skr_bm25' } | { by: 'bm25'; reason: string };

/**
 * Loads the ranking extension (native/skr_bm25.c: FTS5's bm25() with the same scores, faster) into
 * a connection; `file` is its path without the platform's suffix. Where it was not built (no C
 * compiler at build time, Windows) search ranks with bm25(). Only this call can load extensions:
 * better-sqlite3 leaves SQL's load_extension() disabled.
 */
export function loadRanker(db: Db, file: string | undefined): Ranking {
  if (!file) return { by: 'bm25', reason: 'no ranking extension given' };
  try {
    db.loadExtension(file);
    return { by: 'skr_bm25' };
  } catch (error) {
    return { by: 'bm25', reason: (error as Error).message };
  }
}

/**
 * Brings the file to SCHEMA_VERSION, one transaction per migration. A library written by a newer
 * app is refused before anything is touched.
 */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new AppError(
      'conflict',
      `This library was written by a newer version of the app (schema ${current}, this app knows up to ${SCHEMA_VERSION}). Update the app to open it; the library was left untouched.`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return SCHEMA_VERSION;
}

/**
 * What a connection gives back once its thread is idle (after its full GC, see collectWhenIdle):
 * its page cache, whose pages the next query reads again from the system's file cache, then with
 * the ranking extension the free pages inside every malloc arena of the process (skr_malloc_trim).
 * Every SQL thread does it, the writer too: its idle comes last in a burst of imports (the index
 * upkeep follows them), and what it had freed stayed in its arena until the readers' next trim.
 * Two 30-minute soaks side by side: resident memory at rest 3.4 MB lower with the caches given back.
 */
export function memoryReleaser(db: Db, ranking: Ranking): () => void {
  const trim =
    ranking.by === 'skr_bm25' ? db.prepare('SELECT skr_malloc_trim()').pluck() : undefined;
  return () => {
    // This pragma acts as it is prepared: a prepared statement would release the cache only once.
    db.exec('PRAGMA shrink_memory');
    trim?.get();
  };
}
