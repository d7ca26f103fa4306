import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app-core';
import type { Command } from '../../../electron/host/commands/command';
import { deleteCommand } from '../../../electron/host/commands/delete.command';
import { listCommand } from '../../../electron/host/commands/list.command';
import { noteCommand } from '../../../electron/host/commands/note.command';
import { searchCommand } from '../../../electron/host/commands/search.command';
import { showCommand } from '../../../electron/host/commands/show.command';
import { tagCommand } from '../../../electron/host/commands/tag.command';
import { untagCommand } from '../../../electron/host/commands/tag.command';
import { addText, openTempLibrary, type TempLibrary } from './library-fixture';

let t: TempLibrary;
let fox: number;

beforeAll(async () => {
  t = await openTempLibrary();
  fox = await addText(t.library, {
    title: 'Fox story',
    text: 'The quick brown fox jumps over the lazy dog.',
  });
});
afterAll(() => t.dispose());

/** Runs a command module as cli.ts does, over the real library, capturing its output. */
async function run(
  command: Command,
  args: string[],
  flags: Record<string, string | boolean | string[]> = {},
  stdin = '',
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  const code = await command.run({
    args,
    flags,
    libraryDir: t.dir,
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    core: async () => ({ library: t.library }) as unknown as Core,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('library CLI commands', () => {
  it('search --json prints the documented object', async () => {
    const { code, stdout } = await run(searchCommand, ['lazy', 'dog'], { json: true, limit: '5' });
    expect(code).toBe(0);
    const line = JSON.parse(stdout);
    expect(Object.keys(line)).toEqual(['query', 'total', 'tookMs', 'hits']);
    expect(line).toMatchObject({ query: 'lazy dog', total: 1 });
    expect(Object.keys(line.hits[0])).toEqual([
      'id',
      'title',
      'type',
      'path',
      'score',
      'snippet',
      'highlights',
    ]);
    expect(line.hits[0]).toMatchObject({ id: fox, path: '/imports/Fox story.txt' });
  });

  it('search --batch reads one query per line and reports bad ones per line', async () => {
    const file = path.join(t.dir, 'queries.txt');
    writeFileSync(file, 'fox\n\nafter:never\nnothingmatches\n');
    const { code, stdout } = await run(searchCommand, [], { batch: file, json: true });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual(['fox', 'after:never', 'nothingmatches']);
    expect(lines[0].total).toBe(1);
    expect(lines[1].error.code).toBe('query_error');
    expect(lines[2]).toMatchObject({ total: 0, hits: [] });
    expect(code).toBe(1);
    const fromStdin = await run(searchCommand, [], { batch: '-', json: true }, 'quick\n');
    expect(JSON.parse(fromStdin.stdout).total).toBe(1);
  });

  it('creates a note from stdin, tags, lists, shows and deletes', async () => {
    const created = await run(
      noteCommand,
      ['new'],
      { title: 'Ideas', tag: ['later'] },
      '# Ideas\n\nbuild a boat',
    );
    const id = Number(created.stdout.trim());
    expect(id).toBeGreaterThan(0);
    expect((await run(tagCommand, [String(id), 'boats', 'diy'])).code).toBe(0);
    expect((await run(untagCommand, [String(id), 'diy'])).code).toBe(0);
    const listed = JSON.parse((await run(listCommand, [], { tag: 'boats', json: true })).stdout);
    expect(listed.items.map((d: { id: number }) => d.id)).toEqual([id]);
    expect(listed.items[0].tags).toEqual(['boats', 'later']);
    expect((await run(showCommand, [String(id)], { text: true })).stdout).toBe(
      '# Ideas\n\nbuild a boat\n',
    );
    expect(JSON.parse((await run(showCommand, [String(id)], { json: true })).stdout)).toMatchObject(
      { id, type: 'note', path: null },
    );
    expect(await run(deleteCommand, [String(id), '99999'])).toMatchObject({
      code: 1,
      stdout: `deleted ${id}\n`,
    });
    expect(JSON.parse((await run(listCommand, [], { json: true })).stdout).total).toBe(1);
  });

  it('rejects bad arguments with a usage error', async () => {
    await expect(run(showCommand, ['abc'])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(run(searchCommand, [])).rejects.toMatchObject({ name: 'UsageError' });
    await expect(run(noteCommand, ['new'], {})).rejects.toMatchObject({ name: 'UsageError' });
  });
});
