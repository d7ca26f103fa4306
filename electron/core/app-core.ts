import { statSync } from 'node:fs';
import path from 'node:path';
import type { PoolFigures, ReaderPoolFigures } from '../../shared/channels/monitor';
import { EventHub } from './api/event-hub';
import { Router, type Handlers } from './api/router';
import { appHandlers } from './api/handlers/app.handlers';
import { desktopHandlers, type DesktopShell } from './api/handlers/desktop.handlers';
import { importHandlers } from './api/handlers/import.handlers';
import { libraryHandlers } from './api/handlers/library.handlers';
import { monitorHandlers } from './api/handlers/monitor.handlers';
import { IngestService } from './ingest';
import { openLibrary, type Library } from './library';
import { Monitor, openAggregateStore, type ExtraProcessInfo } from './monitor';
import { createNodeSpawner, ProcessPool, type Spawner } from './pool';
import { RateMeter } from './rate-meter';
import { compactOnEveryFullGc } from './heap-compaction';
import { keepYoungGenerationSmall } from './young-generation';

export interface CoreOptions {
  libraryDir: string;
  /** How this process shows in the monitor: Electron's main, browser mode's host, or the CLI. */
  role: 'main' | 'host' | 'cli';
  /** The folder holding the built thread and worker scripts (dist/). */
  distDir: string;
  appVersion: string;
  electronVersion?: string | null;
  /** better-sqlite3 addon to load: Electron and Node need different builds. */
  nativeBinding?: string;
  /** The search ranking extension, when not in `distDir` (a packaged app's is outside its asar). */
  ranker?: string;
  /** How extraction workers start: Electron utility processes, else child_process.fork. */
  spawner?: Spawner;
  poolSize?: number;
  /** Opening files with other programs: only the desktop app has a shell. */
  desktop?: DesktopShell;
  /** Processes only Electron can see (renderers, GPU). */
  extraProcesses?: () => readonly ExtraProcessInfo[];
  /** Sample resources continuously (the app and browser mode); the CLI samples on demand. */
  startMonitor?: boolean;
  validateOutput?: boolean;
  log?: (message: string) => void;
}

/** The services behind the contract, runtime-neutral: Electron main and the host both open one. */
export interface Core {
  readonly router: Router;
  readonly events: EventHub;
  readonly library: Library;
  readonly ingest: IngestService;
  readonly pool: ProcessPool;
  readonly monitor: Monitor;
  readonly libraryDir: string;
  close(): Promise<void>;
}

function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Monitoring history must never keep the library from opening (on a full disk, `skr check --repair`
 * has to run): when its file cannot be opened, the history is kept in memory for this run.
 */
function openMonitorStore(file: string, nativeBinding: string | undefined, log: (m: string) => void) {
  try {
    return openAggregateStore(file, nativeBinding);
  } catch (error) {
    log(`monitor: cannot open ${file} (${(error as Error).message}); keeping its history in memory`);
    return openAggregateStore(':memory:', nativeBinding);
  }
}

export async function openCore(options: CoreOptions): Promise<Core> {
  keepYoungGenerationSmall();
  compactOnEveryFullGc();
  const log = options.log ?? ((m: string) => console.error(m));
  const { libraryDir } = options;
  const events = new EventHub();
  // The library's blob callbacks reach the store once the import service exists.
  let blobOwner: IngestService | undefined;
  const library = await openLibrary({
    dir: libraryDir,
    sqlWorkerScript: path.join(options.distDir, 'core', 'sql-worker.mjs'),
    nativeBinding: options.nativeBinding,
    ranker: options.ranker,
    log,
    blobBytes: () => blobOwner?.blobs.totalBytes() ?? 0,
    releaseBlobs: async (sha256s) => {
      for (const sha of sha256s) await blobOwner?.blobs.remove(sha);
    },
  });
  try {
    // Workers start on the first import, not before: a CLI search never pays for them.
    const pool = new ProcessPool({
      spawner: options.spawner ?? createNodeSpawner(),
      script: path.join(options.distDir, 'worker', 'index.mjs'),
      size: options.poolSize,
      log,
    });
    const ingest = new IngestService({ library, pool, events, libraryDir, log });
    blobOwner = ingest;

    const importRate = new RateMeter(10_000);
    events.subscribe('import.document', () => importRate.add(1));
    // Its own file: the monitor writes a row a minute from this thread and must never wait on the
    // library's writer lock.
    const monitorStore = openMonitorStore(path.join(libraryDir, 'monitor.sqlite'), options.nativeBinding, log);
    const dbFile = path.join(libraryDir, 'library.db');
    const monitor = new Monitor({
      events,
      log,
      store: monitorStore,
      self: { role: options.role, name: options.role },
      discoverChildren: options.role === 'cli',
      extraProcessSource: options.extraProcesses,
      sources: {
        workers: () => pool.workers().flatMap((w) => (w.pid === undefined ? [] : [{ pid: w.pid, name: w.name }])),
        pool: (): PoolFigures => {
          const s = pool.stats();
          return { size: s.size, busy: s.busy, queued: s.queued, restarts: s.restarts };
        },
        readerPool: (): ReaderPoolFigures => {
          const s = library.readerPoolStats();
          return {
            size: s.size,
            inUse: s.busy,
            waiting: s.queued,
            utilizationPercent: s.utilization * 100,
            waitMsP99: s.waitP99Ms,
          };
        },
        channelStats: () => router.stats.snapshot(),
        database: () => ({ dbBytes: fileBytes(dbFile), walBytes: fileBytes(`${dbFile}-wal`) }),
        importRate: () => importRate.perSecond(),
      },
    });

    const handlers: Handlers = {
      ...appHandlers(
        {
          version: options.appVersion,
          libraryPath: libraryDir,
          electronVersion: options.electronVersion ?? null,
          sqliteVersion: () => library.sqliteVersion(),
        },
        () => router.stats,
      ),
      ...libraryHandlers(library),
      ...importHandlers(ingest),
      ...desktopHandlers(library, ingest.blobs, options.desktop),
      ...monitorHandlers(monitor),
    };
    const router: Router = new Router(handlers, { events, validateOutput: options.validateOutput, log });
    if (options.startMonitor) monitor.start();

    let closing: Promise<void> | undefined;
    return {
      router,
      events,
      library,
      ingest,
      pool,
      monitor,
      libraryDir,
      close() {
        closing ??= (async () => {
          monitor.close();
          monitorStore.close();
          await ingest.close();
          await pool.close();
          await library.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    // Whatever failed after the SQL threads started must not leave them running.
    await library.close();
    throw error;
  }
}
