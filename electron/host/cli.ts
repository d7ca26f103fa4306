import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pkg from '../../package.json';
import { openCore, type Core } from '../core/app-core';
import { defaultLibraryDir } from '../core/paths';
import { commands } from './commands';
import { UsageError, type Command, type OptionSpec } from './commands/command';
import { distDir } from './host-paths';

const GLOBAL_OPTIONS: OptionSpec = {
  library: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Usage: skr [--library DIR] COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  skr ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --library DIR   the library folder (default: $SKR_LIBRARY, else the desktop app\'s)',
    '  -h, --help      show this help',
    '  -v, --version   show the version',
  ].join('\n');
}

/** The command is the first positional; `--library` and other flags may stand before or after it. */
function findCommand(argv: string[]): { command: Command | null; name: string | null; rest: string[] } {
  const { tokens } = parseArgs({ args: argv, options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional');
  if (!first) return { command: null, name: null, rest: argv };
  const rest = argv.filter((_, i) => i !== first.index);
  return { command: commands.find((c) => c.name === first.value) ?? null, name: first.value, rest };
}

/** Slow-query traces are for developers (SKR_DEBUG=1); everything else the core logs goes to stderr. */
function log(message: string): void {
  if (process.env.SKR_DEBUG === '1' || !message.startsWith('[sql] slow')) process.stderr.write(message + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`skr: ${message}\n${usage()}\n`);
    return 2;
  };
  const { command, name, rest } = findCommand(argv);
  if (name && !command) return fail(`unknown command '${name}'`);

  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command?.options },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!);
  }
  const flags = parsed.values;
  if (flags.version) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (flags.help || !command) {
    process.stdout.write(usage() + '\n');
    return command || flags.help ? 0 : 2;
  }

  const libraryDir = path.resolve(typeof flags.library === 'string' ? flags.library : defaultLibraryDir());
  let core: Core | undefined;
  try {
    return await command.run({
      args: parsed.positionals,
      flags,
      libraryDir,
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      core: async () => {
        if (!core) {
          mkdirSync(libraryDir, { recursive: true });
          const serving = command.name === 'serve';
          core = await openCore({ libraryDir, role: serving ? 'host' : 'cli', startMonitor: serving, distDir, appVersion: pkg.version, log });
        }
        return core;
      },
    });
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    process.stderr.write(`skr ${command.name}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await core?.close();
  }
}
