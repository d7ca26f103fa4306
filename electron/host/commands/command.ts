import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../../core/app-core';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  /** Positionals after the command name. */
  args: string[];
  flags: FlagValues;
  libraryDir: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Opens the library and services once; closed by the CLI after `run`. */
  core(): Promise<Core>;
}

export interface Command {
  name: string;
  summary: string;
  /** Shown after `skr`: e.g. `search QUERY [--limit N] [--json]`. */
  usage: string;
  options: OptionSpec;
  /** Resolves to the exit code. Throw `UsageError` for bad arguments (exit 2). */
  run(ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses a positive integer flag, or throws a UsageError naming it. */
export function intFlag(flags: FlagValues, name: string, fallback: number, min = 1, max = 1_000_000): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function writeJsonLine(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(JSON.stringify(value) + '\n');
}
