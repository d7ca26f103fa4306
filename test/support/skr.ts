import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SKR = path.join(ROOT, 'bin', 'skr.mjs');

export function tempDir(prefix = 'skr-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface SkrResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `skr` CLI (the built bundle) as a user would. */
export function skr(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): SkrResult {
  const result = spawnSync(process.execPath, [SKR, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ServeHandle {
  child: ChildProcess;
  launchUrl: string;
  origin: string;
  secret: string;
  stop(): Promise<void>;
}

/** Starts `skr serve --port 0` and waits for the URL it prints. */
export async function startServe(libraryDir: string, extraArgs: string[] = []): Promise<ServeHandle> {
  const child = spawn(process.execPath, [SKR, 'serve', '--port', '0', '--library', libraryDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`skr serve printed no URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/\S+\?k=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`skr serve exited with ${code}:\n${output}`)));
  });
  const url = new URL(launchUrl);
  return {
    child,
    launchUrl,
    origin: url.origin,
    secret: url.searchParams.get('k')!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
