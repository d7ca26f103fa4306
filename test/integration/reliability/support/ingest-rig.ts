import { rmSync } from 'node:fs';
import path from 'node:path';
import { EventHub } from '../../../../electron/core/api/event-hub';
import { IngestService } from '../../../../electron/core/ingest';
import { openLibrary, type Library } from '../../../../electron/core/library';
import type { ProcessPool, ProcessPoolOptions } from '../../../../electron/core/pool';
import { testPool } from '../../../fixtures/worker-pool';
import { tempDir } from '../../../support/skr';

export interface IngestRig {
  root: string;
  library: Library;
  pool: ProcessPool;
  events: EventHub;
  ingest: IngestService;
  dispose(): Promise<void>;
}

/**
 * A real library in a temp folder, real worker processes (fault hooks on) and the import service;
 * `wrapPool` may stand between the service and the pool (to turn chosen files into faults).
 */
export async function openIngestRig(
  options: {
    pool?: Partial<ProcessPoolOptions>;
    wrapPool?: (pool: ProcessPool) => Pick<ProcessPool, 'run' | 'size'>;
  } = {},
): Promise<IngestRig> {
  const root = tempDir('skr-rig-');
  const dir = path.join(root, 'library');
  const library = await openLibrary({
    dir,
    sqlWorkerScript: path.resolve('dist/core/sql-worker.mjs'),
    readers: 1,
    log: () => {},
  });
  const pool = testPool({ size: 2, ...options.pool });
  const events = new EventHub();
  const ingest = new IngestService({
    library,
    pool: options.wrapPool?.(pool) ?? pool,
    events,
    libraryDir: dir,
    log: () => {},
  });
  return {
    root,
    library,
    pool,
    events,
    ingest,
    async dispose() {
      await ingest.close();
      await pool.close();
      await library.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
