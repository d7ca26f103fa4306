import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_WINDOW, createNodeSpawner, ProcessPool } from '../../../electron/core/pool';
import type { Spawner, TaskFailure, TextChunk } from '../../../electron/core/pool';
import { isAlive, testPool, WORKER_SCRIPT } from '../../fixtures/worker-pool';

const pools: ProcessPool[] = [];
function pool(options: Parameters<typeof testPool>[0] = {}): ProcessPool {
  const created = testPool(options);
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close({ graceMs: 100 })));
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the task should have failed'),
    (error: TaskFailure) => error,
  );

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const busyPid = (p: ProcessPool) => p.workers().find((w) => w.busy)?.pid;

describe('faults', () => {
  it('replaces a worker killed mid-task and retries the task once on the fresh one', async () => {
    const p = pool({ size: 1 });
    const result = p.run({ kind: 'debug.sleep', ms: 600 });
    await until(() => busyPid(p) !== undefined);
    const killed = busyPid(p)!;
    process.kill(killed, 'SIGKILL');
    const { pid } = await result;
    expect(pid).not.toBe(killed);
    expect(isAlive(pid)).toBe(true);
    expect(p.stats()).toMatchObject({ restarts: 1, retries: 1, completed: 1, failed: 0 });
  });

  it('reports a task that crashes its worker twice as crashed', async () => {
    const p = pool({ size: 1 });
    const failure = await failureOf(p.run({ kind: 'debug.crash' }));
    expect(failure.reason).toBe('crashed');
    expect(failure.message).toMatch(/crashed twice \(exit code 70\)/);
    expect(p.stats()).toMatchObject({ restarts: 2, retries: 1, failed: 1 });
    expect((await p.run({ kind: 'debug.sleep', ms: 0 })).kind).toBe('debug');
  });

  it('kills a hung worker at the timeout and carries on with a fresh one', async () => {
    const p = pool({ size: 1, taskTimeoutMs: 400 });
    const hung = p.run({ kind: 'debug.hang' });
    await until(() => busyPid(p) !== undefined);
    const hungPid = busyPid(p)!;
    const failure = await failureOf(hung);
    expect(failure.reason).toBe('timeout');
    await until(() => !isAlive(hungPid));
    const next = await p.run({ kind: 'debug.sleep', ms: 0 });
    expect(next.pid).not.toBe(hungPid);
    expect(p.stats()).toMatchObject({ restarts: 1, retries: 0, failed: 1, completed: 1 });
  });

  it('reports a worker that runs out of heap as out_of_memory', async () => {
    const p = pool({ size: 1, heapMb: 24 });
    const failure = await failureOf(p.run({ kind: 'debug.oom' }));
    expect(failure.reason).toBe('out_of_memory');
    expect(p.stats()).toMatchObject({ restarts: 2, retries: 1 });
  });

  it('refuses the debug tasks when the parent did not enable them', async () => {
    const p = new ProcessPool({ spawner: createNodeSpawner(), script: WORKER_SCRIPT, size: 1 });
    pools.push(p);
    expect(await failureOf(p.run({ kind: 'debug.crash' }))).toMatchObject({ reason: 'unsupported' });
    expect(p.stats().restarts).toBe(0);
  });

  it('fails queued tasks clearly when the worker cannot start at all', async () => {
    const p = pool({ size: 1, script: path.join(os.tmpdir(), 'no-such-worker.mjs') });
    const failure = await failureOf(p.run({ kind: 'debug.sleep', ms: 0 }));
    expect(failure.reason).toBe('crashed');
    expect(failure.message).toMatch(/could not start/);
  });
});

describe('recycling', () => {
  it('replaces a worker after maxTasksPerWorker tasks', async () => {
    const p = pool({ size: 1, maxTasksPerWorker: 2 });
    const pids: number[] = [];
    for (let i = 0; i < 5; i++) pids.push((await p.run({ kind: 'debug.sleep', ms: 0 })).pid);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(new Set(pids).size).toBe(3);
    expect(p.stats()).toMatchObject({ recycles: 2, restarts: 0 });
    await until(() => !isAlive(pids[0]!) && !isAlive(pids[2]!));
  });

  it('recycles on the same count when tasks are sent ahead, and sends none past it', async () => {
    const p = pool({ size: 1, maxTasksPerWorker: 2 });
    const pids = (await Promise.all(Array.from({ length: 5 }, () => p.run({ kind: 'debug.sleep', ms: 20 })))).map((r) => r.pid);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(new Set(pids).size).toBe(3);
    expect(p.stats()).toMatchObject({ recycles: 2, restarts: 0, retries: 0, completed: 5 });
  });

  it('takes back the task sent ahead of a worker recycled for its memory; it runs once, on the next worker', async () => {
    const p = pool({ size: 1, maxRssBytes: 1 });
    const [first, second] = await Promise.all([p.run({ kind: 'debug.sleep', ms: 50 }), p.run({ kind: 'debug.sleep', ms: 0 })]);
    expect(second.pid).not.toBe(first.pid);
    expect(p.stats()).toMatchObject({ recycles: 2, completed: 2, retries: 0, restarts: 0 });
  });

  it('replaces a worker whose resident set passes maxRssBytes', async () => {
    const p = pool({ size: 1, maxRssBytes: 1 });
    const first = await p.run({ kind: 'debug.sleep', ms: 0 });
    const second = await p.run({ kind: 'debug.sleep', ms: 0 });
    expect(second.pid).not.toBe(first.pid);
    expect(p.stats().recycles).toBe(2);
  });
});

describe('backpressure', () => {
  it('makes producers wait while the queue is full', async () => {
    const p = pool({ size: 1, maxQueue: 2 });
    await p.warmUp();
    const results: Array<Promise<unknown>> = [];
    let submitted = 0;
    let maxQueued = 0;
    const producer = (async () => {
      for (let i = 0; i < 6; i++) {
        const { result } = await p.submit({ kind: 'debug.sleep', ms: 150 });
        results.push(result);
        submitted++;
        maxQueued = Math.max(maxQueued, p.stats().queued);
      }
    })();
    await until(() => p.stats().waitingProducers === 1);
    expect(submitted).toBe(4); // one running, one sent ahead to its worker, two queued; the fifth waits
    expect(p.stats()).toMatchObject({ busy: 1, queued: 2 });
    await producer;
    await Promise.all(results);
    expect(maxQueued).toBeLessThanOrEqual(2);
    expect(p.stats()).toMatchObject({ completed: 6, queued: 0, waitingProducers: 0 });
  });

  it('never lets a worker run more than CHUNK_WINDOW chunks ahead of a slow consumer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skr-window-'));
    try {
      const file = path.join(dir, 'lines.txt');
      await writeFile(file, Array.from({ length: 2000 }, (_, i) => `line ${i} of a file that streams in small chunks`).join('\n'));
      const warmUp = path.join(dir, 'warm-up.txt');
      await writeFile(warmUp, 'Loads the language model once, outside the timed run.');
      let received = 0;
      let acked = 0;
      let maxAhead = 0;
      const base = createNodeSpawner({ forwardStderr: false });
      // Counts real protocol traffic between the pool and a real worker.
      const counting: Spawner = {
        spawn(opts) {
          const handle = base.spawn(opts);
          handle.on('message', (message) => {
            if ((message as { type: string }).type === 'chunk') maxAhead = Math.max(maxAhead, ++received - acked);
          });
          return {
            get pid() {
              return handle.pid;
            },
            postMessage(message) {
              if ((message as { type: string }).type === 'ack') acked++;
              handle.postMessage(message);
            },
            on: handle.on.bind(handle),
            kill: () => handle.kill(),
          };
        },
      };
      const p = new ProcessPool({ spawner: counting, script: WORKER_SCRIPT, size: 1, taskTimeoutMs: 300 });
      pools.push(p);
      await p.run({ kind: 'extract', path: warmUp }, { timeoutMs: 30_000 });
      received = acked = maxAhead = 0;
      const chunks: TextChunk[] = [];
      const result = await p.run(
        { kind: 'extract', path: file, maxChunkBytes: 1024 },
        {
          onChunk: async (chunk) => {
            chunks.push(chunk);
            await new Promise((resolve) => setTimeout(resolve, 10));
          },
        },
      );
      expect(result.chunks).toBeGreaterThan(80);
      expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
      expect(maxAhead).toBeLessThanOrEqual(CHUNK_WINDOW);
      // 10 ms per chunk adds up to more than the 300 ms timeout: time spent in the consumer is not the worker's.
      expect(p.stats()).toMatchObject({ restarts: 0, completed: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cancellation', () => {
  it('removes a queued task without running it', async () => {
    const p = pool({ size: 1 });
    const running = [p.run({ kind: 'debug.sleep', ms: 300 }), p.run({ kind: 'debug.sleep', ms: 0 })];
    const controller = new AbortController();
    const queued = p.run({ kind: 'debug.crash' }, { signal: controller.signal });
    await until(() => p.stats().queued === 1);
    controller.abort();
    expect(await failureOf(queued)).toMatchObject({ reason: 'cancelled' });
    await Promise.all(running);
    expect(p.stats()).toMatchObject({ restarts: 0, retries: 0, cancelled: 1, completed: 2 });
  });

  it('sends a busy worker its next task ahead, so it starts it without waiting for the pool', async () => {
    const p = pool({ size: 1 });
    await p.warmUp();
    const running = p.run({ kind: 'debug.sleep', ms: 200 });
    const ahead = p.run({ kind: 'debug.sleep', ms: 0 });
    expect(p.stats()).toMatchObject({ busy: 1, queued: 0 });
    const results = await Promise.all([running, ahead]);
    expect(results[1].pid).toBe(results[0].pid);
    expect(p.stats()).toMatchObject({ completed: 2, restarts: 0, retries: 0 });
  });

  it('starts another worker for the next task rather than sending it ahead of a busy one', async () => {
    const p = pool({ size: 2 });
    const long = p.run({ kind: 'debug.sleep', ms: 3000 });
    await until(() => busyPid(p) !== undefined);
    let longDone = false;
    void long.then(() => (longDone = true));
    const next = await p.run({ kind: 'debug.sleep', ms: 0 });
    expect(longDone).toBe(false);
    expect(next.pid).not.toBe(busyPid(p));
    await long;
  });

  it('gives a task sent ahead to a worker stuck on a long one to a worker that goes idle', async () => {
    const p = pool({ size: 2 });
    await p.warmUp();
    const long = p.run({ kind: 'debug.sleep', ms: 3000 });
    const short = p.run({ kind: 'debug.sleep', ms: 100 });
    let longDone = false;
    void long.then(() => (longDone = true));
    const ahead = p.run({ kind: 'debug.sleep', ms: 0 });
    expect(p.stats()).toMatchObject({ busy: 2, queued: 0 });
    const [shortResult, aheadResult] = await Promise.all([short, ahead]);
    expect(longDone).toBe(false);
    expect(aheadResult.pid).toBe(shortResult.pid);
    expect((await long).pid).not.toBe(shortResult.pid);
    expect(p.stats()).toMatchObject({ completed: 3, restarts: 0, retries: 0 });
  });

  it('cancelling a task sent ahead stops its worker before it starts; the task that worker was running runs again', async () => {
    const p = pool({ size: 1 });
    const running = p.run({ kind: 'debug.sleep', ms: 400 });
    await until(() => busyPid(p) !== undefined);
    const firstPid = busyPid(p)!;
    const controller = new AbortController();
    const ahead = p.run({ kind: 'debug.crash' }, { signal: controller.signal });
    expect(p.stats().queued).toBe(0);
    controller.abort();
    expect(await failureOf(ahead)).toMatchObject({ reason: 'cancelled' });
    expect((await running).pid).not.toBe(firstPid);
    // The crash task never ran: no worker ended on its own.
    expect(p.stats()).toMatchObject({ restarts: 0, retries: 1, cancelled: 1, completed: 1 });
  });

  it('runs the task sent ahead of a worker that crashes once, after retrying the crashed one', async () => {
    const p = pool({ size: 1 });
    const crashing = failureOf(p.run({ kind: 'debug.crash' }));
    const ahead = p.run({ kind: 'debug.sleep', ms: 0 });
    expect(await crashing).toMatchObject({ reason: 'crashed' });
    expect((await ahead).kind).toBe('debug');
    expect(p.stats()).toMatchObject({ restarts: 2, retries: 1, failed: 1, completed: 1 });
  });

  it('kills the worker running an aborted task and keeps serving', async () => {
    const p = pool({ size: 1 });
    const controller = new AbortController();
    const task = p.run({ kind: 'debug.hang' }, { signal: controller.signal });
    await until(() => busyPid(p) !== undefined);
    const pid = busyPid(p)!;
    controller.abort();
    expect(await failureOf(task)).toMatchObject({ reason: 'cancelled' });
    await until(() => !isAlive(pid));
    expect((await p.run({ kind: 'debug.sleep', ms: 0 })).pid).not.toBe(pid);
  });

  it('rejects at once for an already aborted signal', async () => {
    const p = pool({ size: 1 });
    expect(await failureOf(p.run({ kind: 'debug.sleep', ms: 0 }, { signal: AbortSignal.abort() }))).toMatchObject({ reason: 'cancelled' });
  });

  it('stops the work when the consumer throws, and hands its error back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skr-consumer-'));
    try {
      const file = path.join(dir, 'a.txt');
      await writeFile(file, 'word '.repeat(10_000));
      const p = pool({ size: 1 });
      const error = await p
        .run({ kind: 'extract', path: file, maxChunkBytes: 1024 }, { onChunk: () => Promise.reject(new Error('disk full')) })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('disk full');
      expect((await p.run({ kind: 'debug.sleep', ms: 0 })).kind).toBe('debug');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('close', () => {
  it('lets running tasks finish, cancels queued ones, and leaves no child process', async () => {
    const p = pool({ size: 2 });
    await p.warmUp();
    const running = [p.run({ kind: 'debug.sleep', ms: 300 }), p.run({ kind: 'debug.sleep', ms: 300 })];
    const queued = failureOf(p.run({ kind: 'debug.sleep', ms: 0 }));
    await until(() => p.stats().busy === 2);
    const pids = p.workers().map((w) => w.pid!);
    await p.close();
    expect((await Promise.all(running)).map((r) => r.kind)).toEqual(['debug', 'debug']);
    expect(await queued).toMatchObject({ reason: 'cancelled' });
    expect(pids.filter(isAlive)).toEqual([]);
    expect(p.workers()).toEqual([]);
    expect(await failureOf(p.run({ kind: 'debug.sleep', ms: 0 }))).toMatchObject({ reason: 'cancelled' });
  });

  it('kills tasks still running after the grace period', async () => {
    const p = pool({ size: 1 });
    const hung = failureOf(p.run({ kind: 'debug.hang' }));
    await until(() => busyPid(p) !== undefined);
    const pid = busyPid(p)!;
    await p.close({ graceMs: 200 });
    expect(await hung).toMatchObject({ reason: 'cancelled' });
    expect(isAlive(pid)).toBe(false);
  });
});

describe('sizing and statistics', () => {
  it('caps the size at the available cores and names each worker', async () => {
    const p = pool({ size: 64 });
    expect(p.size).toBe(Math.min(64, os.availableParallelism()));
    await Promise.all(Array.from({ length: p.size }, () => p.run({ kind: 'debug.sleep', ms: 100 })));
    const workers = p.workers();
    expect(workers.length).toBe(p.size);
    for (const worker of workers) {
      expect(worker.name).toMatch(/^skr-worker-\d+$/);
      expect(worker.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
      expect(isAlive(worker.pid!)).toBe(true);
    }
    expect(p.stats()).toMatchObject({ idle: p.size, busy: 0, completed: p.size });
  });

  it('leaves a core to the main process by default', () => {
    const p = pool();
    expect(p.size).toBe(Math.max(1, Math.min(3, os.availableParallelism() - 1)));
  });

  it.skipIf(os.availableParallelism() < 2)(
    'starts a relief worker while its only one is held up by a long task, and goes back to one after',
    async () => {
      const p = pool({ size: 1, reliefAfterMs: 300 });
      const long = p.run({ kind: 'debug.sleep', ms: 2500 });
      let longDone = false;
      void long.then(() => (longDone = true));
      await until(() => busyPid(p) !== undefined);
      const held = busyPid(p)!;
      const shorts = await Promise.all(Array.from({ length: 4 }, () => p.run({ kind: 'debug.sleep', ms: 20 })));
      expect(longDone).toBe(false);
      expect(new Set(shorts.map((r) => r.pid))).toEqual(new Set([shorts[0]!.pid]));
      expect(shorts[0]!.pid).not.toBe(held);
      expect((await long).pid).toBe(held);
      await until(() => p.workers().length === 1);
      expect(p.stats()).toMatchObject({ size: 1, completed: 5, restarts: 0, recycles: 0, reliefs: 1 });
    },
  );

  it('runs tasks shorter than the relief delay on its one worker', async () => {
    const p = pool({ size: 1, reliefAfterMs: 1000 });
    const results = await Promise.all(Array.from({ length: 12 }, () => p.run({ kind: 'debug.sleep', ms: 150 })));
    expect(new Set(results.map((r) => r.pid)).size).toBe(1);
    expect(p.workers()).toHaveLength(1);
    expect(p.stats().reliefs).toBe(0);
  });

  it('starts workers with two malloc arenas and the V8 heap caps', async () => {
    const p = pool({ size: 1 });
    const { pid } = await p.run({ kind: 'debug.sleep', ms: 0 });
    const environment = (await readFile(`/proc/${pid}/environ`, 'latin1')).split('\0');
    expect(environment).toContain('MALLOC_ARENA_MAX=2');
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'latin1')).split('\0');
    expect(commandLine).toEqual(expect.arrayContaining(['--max-semi-space-size=4', expect.stringMatching(/^--max-old-space-size=\d+$/)]));
  });

  it('starts all workers up front on warmUp', async () => {
    const p = pool({ size: 2 });
    await p.warmUp();
    expect(p.stats()).toMatchObject({ idle: 2, starting: 0 });
    expect(p.workers().every((w) => isAlive(w.pid!))).toBe(true);
  });
});
