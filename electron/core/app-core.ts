import path from 'node:path';
import { EventHub } from './api/event-hub';
import { Router, type Handlers } from './api/router';
import { appHandlers } from './api/handlers/app.handlers';
import { libraryHandlers } from './api/handlers/library.handlers';
import { openLibrary, type Library } from './library';

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
  validateOutput?: boolean;
  log?: (message: string) => void;
}

/** The services behind the contract, runtime-neutral: Electron main and the host both open one. */
export interface Core {
  readonly router: Router;
  readonly events: EventHub;
  readonly library: Library;
  readonly libraryDir: string;
  close(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? ((m: string) => console.error(m));
  const events = new EventHub();
  const library = await openLibrary({
    dir: options.libraryDir,
    sqlWorkerScript: path.join(options.distDir, 'core', 'sql-worker.mjs'),
    nativeBinding: options.nativeBinding,
    log,
  });

  const handlers: Handlers = {
    ...appHandlers(
      {
        version: options.appVersion,
        libraryPath: options.libraryDir,
        electronVersion: options.electronVersion ?? null,
        sqliteVersion: () => library.sqliteVersion(),
      },
      () => router.stats,
    ),
    ...libraryHandlers(library),
  };
  const router: Router = new Router(handlers, { events, validateOutput: options.validateOutput, log });

  return {
    router,
    events,
    library,
    libraryDir: options.libraryDir,
    async close() {
      await library.close();
    },
  };
}
