/**
 * Worker process entry (bundled to dist/worker/index.mjs). Runs one task at a time for the
 * process pool (a task sent ahead waits for the current one, unless the pool asks for it back):
 * extracts a file and streams its text back in bounded chunks, keeping at most CHUNK_WINDOW
 * chunks unacknowledged so neither side buffers a whole document.
 */
import type { TextChunk, ToWorker, WorkerTask } from '../core/pool/protocol';
import { CHUNK_WINDOW, TEST_HOOKS_ENV } from '../core/pool/protocol';
import { runDebugTask } from './debug-tasks';
import { extract } from './extract';
import { ExtractError, toFailure } from './extract-error';
import { connectToParent } from './parent-port';

const port = connectToParent();
/** Reading the resident set costs a few syscalls: a reading is reused for this long, so small files do not pay it per message. */
const RSS_READING_MS = 100;
let rssReading = { bytes: 0, at: Number.NEGATIVE_INFINITY };
const rss = () => {
  const now = performance.now();
  if (now - rssReading.at >= RSS_READING_MS) rssReading = { bytes: process.memoryUsage.rss(), at: now };
  return rssReading.bytes;
};
const testHooks = process.env[TEST_HOOKS_ENV] === '1';

let current: { id: number; unacked: number; wake?: () => void } | undefined;
/** Tasks the pool sent ahead while one was running, started in turn as soon as it ends. */
const waiting: { id: number; task: WorkerTask }[] = [];

port.onMessage((message) => {
  if (message.type === 'task') {
    if (current) waiting.push({ id: message.id, task: message.task });
    else void runTask(message.id, message.task);
  }
  else if (message.type === 'ack') onAck(message);
  else if (message.type === 'drop') drop(message.id);
  else if (message.type === 'shutdown') process.exit(0);
});

process.on('unhandledRejection', (reason) => {
  // A stray rejection inside a library must not end the worker; the task it belongs to fails or times out.
  process.stderr.write(`worker: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

port.send({ type: 'ready', pid: process.pid, rss: rss() });

async function runTask(id: number, task: WorkerTask): Promise<void> {
  current = { id, unacked: 0 };
  try {
    const result = await perform(id, task);
    port.send({ type: 'done', id, result, rss: rss() });
  } catch (error) {
    port.send({ type: 'failed', id, ...toFailure(error), rss: rss() });
  } finally {
    current = undefined;
    const next = waiting.shift();
    if (next) void runTask(next.id, next.task);
  }
}

function perform(id: number, task: WorkerTask) {
  if (task.kind === 'extract') return extract(task, (chunk, last) => sendChunk(id, chunk, last));
  if (!testHooks) throw new ExtractError('unsupported', `unknown task kind ${task.kind}`);
  return runDebugTask(task);
}

async function sendChunk(id: number, chunk: TextChunk, last: boolean): Promise<void> {
  const state = current;
  if (!state || state.id !== id) return;
  port.send(last ? { type: 'chunk', id, chunk, last, rss: rss() } : { type: 'chunk', id, chunk, rss: rss() });
  // The last chunk is not acknowledged (for most files it is the only one): the result follows it.
  if (last) return;
  state.unacked++;
  while (state.unacked >= CHUNK_WINDOW) await new Promise<void>((resolve) => (state.wake = resolve));
}

function drop(id: number): void {
  const index = waiting.findIndex((task) => task.id === id);
  if (index < 0) return;
  waiting.splice(index, 1);
  port.send({ type: 'dropped', id, rss: rss() });
}

function onAck(message: Extract<ToWorker, { type: 'ack' }>): void {
  if (!current || current.id !== message.id) return;
  current.unacked--;
  const wake = current.wake;
  current.wake = undefined;
  wake?.();
}
