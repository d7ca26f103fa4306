/**
 * Entry of every SQL thread (bundled as dist/core/sql-worker.mjs). The writer thread holds the one
 * read-write connection; reader threads hold read-only connections. Each request names an
 * operation of `createWriterOps` / `createReaderOps`; errors go back as `{code, message}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../api/app-error';
import { collectGarbage, collectWhenIdle } from '../idle-gc';
import { keepYoungGenerationSmall } from '../young-generation';
import { loadRanker, memoryReleaser, openConnection, type Db } from './connection';
import { createReaderOps } from './reader-ops';
import { createWriterOps } from './writer-ops';
import type { SqlReply, SqlRequest, SqlRetire, SqlThreadData } from './sql-protocol';

/** Idle time after which the thread collects its garbage (see collectWhenIdle). */
const IDLE_GC_MS = 2000;

const port = parentPort!;
const data = workerData as SqlThreadData;

// Creating this thread's isolate put the process-wide young-generation flag back to V8's default:
// set it again, then release the main thread if it waits for that (see SqlPool.spawn).
keepYoungGenerationSmall();
if (data.started) {
  Atomics.store(data.started, 0, 1);
  Atomics.notify(data.started, 0);
}
const send = (reply: SqlReply) => port.postMessage(reply);

type OpTable = Record<string, (...args: never[]) => unknown>;

/** The thread's connection and what holds its statements. */
interface Connection {
  db: Db;
  ops: OpTable;
  releaseMemory: () => void;
}

function open(): Connection {
  const db = openConnection(data.file, {
    readonly: data.role === 'reader',
    nativeBinding: data.nativeBinding,
  });
  try {
    // The writer loads the extension too, for its malloc trim (see memoryReleaser).
    const ranking = loadRanker(db, data.ranker);
    const ops = (data.role === 'writer'
      ? createWriterOps(db)
      : createReaderOps(db, { fastBm25: ranking.by === 'skr_bm25' })) as unknown as OpTable;
    const releaseMemory = memoryReleaser(db, ranking);
    send({
      kind: 'ready',
      sqliteVersion: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      ranking: data.role === 'reader' ? ranking : undefined,
    });
    return { db, ops, releaseMemory };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Ends the thread once its connection is closed and nothing refers to it any more. better-sqlite3
 * frees the native object of a statement (and of the connection) only as its JS object is
 * collected, and an isolate that ends finalizes nothing: the statements the ops held to the end
 * stayed allocated, 3-4 KB per thread renewed, in the malloc arena the next thread takes over.
 */
function exitCollected(): void {
  collectGarbage();
  process.exit(0);
}

function start(): void {
  let connection: Connection | undefined;
  try {
    connection = open();
  } catch (error) {
    send({ kind: 'fatal', message: (error as Error).message });
    return;
  }
  const workDone = collectWhenIdle(IDLE_GC_MS, () => connection?.releaseMemory());
  port.on('message', (request: SqlRequest | SqlRetire) => {
    if (!connection) return;
    if ('retire' in request) {
      connection.db.close();
      connection = undefined;
      // Collected once this handler has returned: its frame refers to the connection too.
      setImmediate(exitCollected);
      return;
    }
    const started = performance.now();
    try {
      const fn = connection.ops[request.op];
      if (!fn) throw new AppError('internal', `unknown SQL operation ${request.op}`);
      const value = fn(...(request.args as never[]));
      send({ kind: 'result', id: request.id, ok: true, value, ms: performance.now() - started });
    } catch (error) {
      const body =
        error instanceof AppError
          ? { code: error.code, message: error.message }
          : (error as { code?: unknown }).code === 'SQLITE_FULL'
            ? { code: 'disk_full' as const, message: 'the disk holding the library is full' }
            : { code: 'internal' as const, message: `${request.op}: ${(error as Error).message}` };
      send({
        kind: 'result',
        id: request.id,
        ok: false,
        error: body,
        ms: performance.now() - started,
      });
    } finally {
      workDone();
    }
  });
}

start();
