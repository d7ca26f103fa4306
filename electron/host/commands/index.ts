import type { Command } from './command';
import { checkCommand } from './check.command';
import { importCommand } from './import.command';
import { serveCommand } from './serve.command';
import { statsCommand } from './stats.command';

export const commands: Command[] = [serveCommand, statsCommand, importCommand, checkCommand];
