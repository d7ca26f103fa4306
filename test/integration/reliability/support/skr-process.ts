import { spawn, type ChildProcess } from 'node:child_process';
import { SKR, ROOT } from '../../../support/skr';

export interface RunningSkr {
  child: ChildProcess;
  /** Settles when the process has exited, with everything it printed. */
  done: Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** Starts the real `skr` CLI without blocking this process (so the test can sample or kill it meanwhile). */
export function spawnSkr(args: string[], env: NodeJS.ProcessEnv = {}): RunningSkr {
  const child = spawn(process.execPath, [SKR, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs `skr … --json` to the end and parses the last line it printed. */
export async function skrJson<T>(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; value: T; stderr: string }> {
  const { status, stdout, stderr } = await spawnSkr([...args, '--json'], env).done;
  const last = stdout.trim().split('\n').at(-1);
  if (!last) throw new Error(`skr ${args.join(' ')} printed nothing (exit ${status}):\n${stderr}`);
  return { status, value: JSON.parse(last) as T, stderr };
}
