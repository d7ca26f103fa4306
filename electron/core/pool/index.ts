/**
 * Process pool for heavy work: text extraction and image processing run in worker processes,
 * never in the main process.
 *
 * Compose it in a composition root (electron/main, electron/host, tests):
 *
 * ```ts
 * const pool = new ProcessPool({
 *   spawner: createNodeSpawner(),            // or createUtilityProcessSpawner() in Electron
 *   script: path.resolve('dist/worker/index.mjs'),
 * });
 * const result = await pool.run(
 *   { kind: 'extract', path: '/abs/file.pdf', thumbnailPath: '/abs/thumbs/ab12.webp' },
 *   { onChunk: async (chunk, { attempt }) => writeChunk(chunk, attempt), signal },
 * );
 * // result: { kind, mime, noText, title?, author?, pages?, sections?, encoding?, metrics, chunks, image? }
 * ```
 *
 * Guarantees:
 * - Text arrives through `onChunk` in order, each chunk at most 1 MiB of UTF-8 (`TextChunk`:
 *   `{ ordinal, text, page?, section? }`), never split inside a surrogate pair and preferably at a
 *   paragraph, line, sentence or word boundary. The worker waits for `onChunk` to resolve before
 *   running more than `CHUNK_WINDOW` chunks ahead, so a slow consumer slows the worker down
 *   instead of filling memory.
 * - Failures reject with {@link TaskFailure} `{ reason, message }`; reasons: `unsupported`,
 *   `corrupt`, `too_large`, `unreadable`, `vanished` (per file, from the worker), `timeout` (no
 *   progress for `taskTimeoutMs`; the worker is killed and replaced), `crashed` and
 *   `out_of_memory` (the worker died twice: once on the first attempt, once on the retry),
 *   `cancelled` (AbortSignal or `close()`).
 * - A retried task calls `onChunk` again from ordinal 0 with `attempt: 2`: discard attempt 1's
 *   chunks.
 * - Backpressure: `run` and `submit` wait while `maxQueue` tasks are queued. A producer walking
 *   100,000 files should `await pool.submit(task)` per file and collect `result` promises as
 *   they settle, so it never holds more than the queue bound.
 * - `stats()` and `workers()` feed the dashboard: busy, idle, queued, completed, failed,
 *   restarts, recycles, reliefs, and per-worker pid, name and last reported RSS.
 * - `close()` cancels queued tasks, lets running ones finish within a grace period, and resolves
 *   once every worker process has exited.
 *
 * Unknown files are not errors: they come back as `kind: 'other', noText: true`.
 */
export { ProcessPool } from './process-pool';
export type { PoolStats, ProcessPoolOptions, ResultOf, RunOptions, Submitted, WorkerInfo } from './process-pool';
export { createNodeSpawner } from './node-spawner';
export type { NodeSpawnerOptions } from './node-spawner';
export { StderrTail } from './spawner';
export type { SpawnOptions, Spawner, WorkerExit, WorkerHandle } from './spawner';
export { TaskFailure, isTaskFailure } from './task-failure';
export { CHUNK_WINDOW, MAX_CHUNK_BYTES, TEST_HOOKS_ENV } from './protocol';
export type {
  ContentMetrics,
  DebugResult,
  DebugTask,
  DocumentKind,
  ExtractResult,
  ExtractTask,
  FailureReason,
  ImageInfo,
  TaskResult,
  TextChunk,
  WorkerTask,
} from './protocol';
