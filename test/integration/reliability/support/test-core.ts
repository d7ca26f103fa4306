import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core, type CoreOptions } from '../../../../electron/core/app-core';

export interface TestCore {
  core: Core;
  dir: string;
  /** Everything the core logged (e.g. the router's report of an internal error). */
  logs: string[];
  dispose(): Promise<void>;
}

/** A real core over a library in a fresh temp folder, with the built thread and worker scripts. */
export async function openTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-reliability-'));
  const logs: string[] = [];
  const core = await openCore({
    libraryDir: dir,
    role: 'cli',
    distDir: path.resolve('dist'),
    appVersion: '0.0.0-test',
    validateOutput: true,
    log: (message) => logs.push(message),
    ...options,
  });
  return {
    core,
    dir,
    logs,
    async dispose() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
