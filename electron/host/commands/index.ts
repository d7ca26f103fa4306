import type { Command } from './command';
import { checkCommand } from './check.command';
import { deleteCommand } from './delete.command';
import { importCommand } from './import.command';
import { listCommand } from './list.command';
import { monitorCommand } from './monitor.command';
import { noteCommand } from './note.command';
import { reportCommand } from './report.command';
import { searchCommand } from './search.command';
import { serveCommand } from './serve.command';
import { showCommand } from './show.command';
import { statsCommand } from './stats.command';
import { tagCommand, untagCommand } from './tag.command';

/** In the order `skr --help` lists them. */
export const commands: Command[] = [
  importCommand,
  searchCommand,
  listCommand,
  showCommand,
  noteCommand,
  tagCommand,
  untagCommand,
  deleteCommand,
  statsCommand,
  checkCommand,
  monitorCommand,
  reportCommand,
  serveCommand,
];
