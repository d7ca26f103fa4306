import type { Command } from './command';
import { serveCommand } from './serve.command';
import { statsCommand } from './stats.command';

export const commands: Command[] = [serveCommand, statsCommand];
