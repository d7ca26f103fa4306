import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventName, EventPayload } from '../../../shared/contract';
import { EventHub } from '../../../electron/core/api/event-hub';
import { IngestService, type IngestOptions } from '../../../electron/core/ingest';
import { openLibrary, type Library } from '../../../electron/core/library';
import type { ProcessPool } from '../../../electron/core/pool';
import { testPool } from '../../fixtures/worker-pool';

export const SQL_WORKER = path.resolve('dist/core/sql-worker.mjs');

export interface IngestRig {
  dir: string;
  library: Library;
  pool: ProcessPool;
  events: EventHub;
  ingest: IngestService;
  /** Every event of `name` emitted so far. */
  seen<E extends EventName>(name: E): EventPayload<E>[];
  dispose(): Promise<void>;
}

/** A real library in a temp folder, real worker processes and the import service over them. */
export async function openIngestRig(options: Partial<IngestOptions> & { poolSize?: number } = {}): Promise<IngestRig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skr-ingest-lib-'));
  const library = await openLibrary({ dir, sqlWorkerScript: SQL_WORKER, readers: 1, log: () => {} });
  const pool = testPool({ size: options.poolSize ?? 2 });
  const events = new EventHub();
  const log = new Map<EventName, unknown[]>();
  for (const name of ['import.progress', 'import.document', 'import.finished'] as const) {
    log.set(name, []);
    events.subscribe(name, (payload) => log.get(name)!.push(payload));
  }
  const ingest = new IngestService({ library, pool, events, libraryDir: dir, log: () => {}, ...options });
  return {
    dir,
    library,
    pool,
    events,
    ingest,
    seen: <E extends EventName>(name: E) => (log.get(name) ?? []) as EventPayload<E>[],
    async dispose() {
      await ingest.close();
      await pool.close();
      await library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts an import of `paths` and waits for its summary. */
export async function importPaths(rig: IngestRig, paths: string[]) {
  const jobId = rig.ingest.start(paths);
  return rig.ingest.whenFinished(jobId);
}
