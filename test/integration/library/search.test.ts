import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../shared/channels/library';
import { addFiller, addText, openTempLibrary, type TempLibrary } from './library-fixture';

let t: TempLibrary;
const ids: Record<string, number> = {};

const search = (query: string, limit = 20) => t.library.search({ query, limit });
const titles = (result: SearchResult) => result.hits.map((h) => h.title);
const highlighted = (result: SearchResult) =>
  result.hits.flatMap((h) => h.highlights.map(([s, e]) => h.snippet.slice(s, e).toLowerCase()));

beforeAll(async () => {
  t = await openTempLibrary();
  await addFiller(t.library, 40);
  ids.cafe = await addText(t.library, {
    title: 'Paris notes',
    text: 'We met at the Café de Flore near the river.',
    language: 'fr',
  });
  ids.japanese = await addText(t.library, {
    title: 'Debian の紹介',
    text: 'Debianは歴史のあるディストリビューションです。日本語の文書も扱えます。',
    language: 'ja',
  });
  ids.chinese = await addText(t.library, {
    title: '中文资料',
    text: '我们在北京学习计算机科学。',
    language: 'zh',
  });
  ids.russian = await addText(t.library, {
    title: 'Письмо',
    text: 'Привет, МИР! Это письмо о погоде.',
    language: 'ru',
  });
  ids.fox = await addText(t.library, {
    title: 'Fox story',
    text: 'The quick brown fox jumps over the lazy dog.',
  });
  ids.brownQuick = await addText(t.library, {
    title: 'Reordered',
    text: 'A brown dog is quick to eat.',
  });
  ids.computer = await addText(t.library, {
    title: 'Hardware',
    text: 'Computers and computing devices.',
    kind: 'pdf',
    tags: ['tech'],
    modifiedAt: Date.UTC(2024, 5, 1),
  });
  ids.twoChunks = await addText(t.library, {
    title: 'Two passages',
    text: ['alpha passage mentions gardening tools', 'beta passage mentions a secret password'],
    kind: 'markdown',
    tags: ['home'],
    modifiedAt: Date.UTC(2025, 2, 10),
  });
  ids.bodyOnly = await addText(t.library, {
    title: 'Mixed topics',
    text: 'volcano volcano volcano eruption facts and other things',
  });
  ids.titled = await addText(t.library, { title: 'Volcano', text: 'A mountain that can erupt.' });
});

afterAll(() => t.dispose());

describe('search', () => {
  it('folds diacritics both ways', async () => {
    expect((await search('cafe')).hits.map((h) => h.id)).toEqual([ids.cafe]);
    expect((await search('CAFÉ')).hits.map((h) => h.id)).toEqual([ids.cafe]);
    expect(highlighted(await search('cafe'))).toEqual(['café']);
  });

  it('finds Japanese and Chinese words inside sentences, even one character long', async () => {
    expect((await search('歴史')).hits.map((h) => h.id)).toEqual([ids.japanese]);
    expect(highlighted(await search('歴史'))).toContain('歴史');
    expect((await search('Debian 日本語')).hits.map((h) => h.id)).toEqual([ids.japanese]);
    expect((await search('北京')).hits.map((h) => h.id)).toEqual([ids.chinese]);
    expect((await search('京')).hits.map((h) => h.id)).toEqual([ids.chinese]);
    expect((await search('计算机科学')).hits.map((h) => h.id)).toEqual([ids.chinese]);
    expect((await search('京计')).total).toBe(0);
    expect((await search('紹介')).hits.map((h) => h.id)).toEqual([ids.japanese]);
  });

  it('folds case in Cyrillic', async () => {
    expect((await search('мир')).hits.map((h) => h.id)).toEqual([ids.russian]);
    expect((await search('ПРИВЕТ')).hits.map((h) => h.id)).toEqual([ids.russian]);
  });

  it('matches exact phrases only in order', async () => {
    expect((await search('"quick brown"')).hits.map((h) => h.id)).toEqual([ids.fox]);
    expect((await search('quick brown')).hits.map((h) => h.id).sort()).toEqual(
      [ids.fox, ids.brownQuick].sort(),
    );
  });

  it('matches prefixes', async () => {
    expect((await search('comput*')).hits.map((h) => h.id)).toEqual([ids.computer]);
    expect((await search('comput')).total).toBe(0);
  });

  it('excludes a document when the excluded word is in any of its passages', async () => {
    expect((await search('passage')).hits.map((h) => h.id)).toEqual([ids.twoChunks]);
    expect((await search('gardening -password')).total).toBe(0);
    expect((await search('gardening -nothingmatches')).hits.map((h) => h.id)).toEqual([
      ids.twoChunks,
    ]);
    expect((await search('quick -fox')).hits.map((h) => h.id)).toEqual([ids.brownQuick]);
  });

  it('supports OR', async () => {
    expect((await search('fox OR computers')).hits.map((h) => h.id).sort()).toEqual(
      [ids.fox, ids.computer].sort(),
    );
  });

  it('shows the best passage of a document', async () => {
    const result = await search('password');
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]!.snippet).toContain('secret password');
    expect(highlighted(result)).toEqual(['password']);
  });

  it('applies each filter', async () => {
    expect(titles(await search('type:pdf'))).toEqual(['Hardware']);
    expect(titles(await search('passage type:md'))).toEqual(['Two passages']);
    expect((await search('passage type:pdf')).total).toBe(0);
    expect(titles(await search('tag:tech'))).toEqual(['Hardware']);
    expect(titles(await search('tag:TECH computers'))).toEqual(['Hardware']);
    expect((await search('tag:nosuchtag')).total).toBe(0);
    expect(titles(await search('title:volcano'))).toEqual(['Volcano']);
    expect(titles(await search('after:2025-01-01 before:2026'))).toEqual(['Two passages']);
    expect(titles(await search('before:2025 after:2024-06-01'))).toEqual(['Hardware']);
    expect(titles(await search('lang:ja'))).toEqual(['Debian の紹介']);
    expect(titles(await search('lang:fr cafe'))).toEqual(['Paris notes']);
    expect((await search('-tag:tech type:pdf')).total).toBe(0);
  });

  it('ranks a title match above a body-only match', async () => {
    const result = await search('volcano');
    expect(result.hits.map((h) => h.id)).toEqual([ids.titled, ids.bodyOnly]);
    expect(result.hits[0]!.score).toBeGreaterThan(result.hits[1]!.score);
  });

  it('reports totals, facets and pages with a cursor', async () => {
    const first = await t.library.search({ query: 'filler', limit: 15 });
    expect(first.total).toBe(40);
    expect(first.facets.types).toEqual({ text: 40 });
    expect(first.hits).toHaveLength(15);
    const seen = new Set(first.hits.map((h) => h.id));
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await t.library.search({ query: 'filler', limit: 15, cursor });
      for (const hit of page.hits) seen.add(hit.id);
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(40);
    const tagged = await search('mentions OR computers');
    expect(tagged.facets.tags).toEqual({ home: 1, tech: 1 });
    expect(tagged.facets.types).toEqual({ markdown: 1, pdf: 1 });
    expect(first.tookMs).toBeGreaterThan(0);
  });

  it('filters and counts documents with several tags, following tag changes', async () => {
    const both = await addText(t.library, {
      title: 'Both',
      text: 'tagcount sample',
      tags: ['red', 'blue'],
    });
    const red = await addText(t.library, { title: 'Red', text: 'tagcount sample', tags: ['red'] });
    await addText(t.library, { title: 'Plain', text: 'tagcount sample' });
    const counted = await search('tagcount');
    expect(counted.facets.tags).toEqual({ red: 2, blue: 1 });
    expect((await search('tagcount tag:red tag:blue')).hits.map((h) => h.id)).toEqual([both]);
    expect(titles(await search('tagcount -tag:blue')).sort()).toEqual(['Plain', 'Red']);

    await t.library.removeTags([both], ['red']);
    await t.library.addTags([red], ['blue', 'green']);
    expect((await search('tagcount')).facets.tags).toEqual({ red: 1, blue: 2, green: 1 });
    expect((await search('tagcount tag:red tag:blue')).hits.map((h) => h.id)).toEqual([red]);
    await t.library.removeTags([red], ['red', 'blue', 'green']);
    expect((await search('tagcount tag:red')).total).toBe(0);
  });

  it('gives hits with the original path and highlight ranges inside the snippet', async () => {
    const [hit] = (await search('lazy')).hits;
    expect(hit).toMatchObject({
      id: ids.fox,
      title: 'Fox story',
      type: 'text',
      path: '/imports/Fox story.txt',
    });
    for (const [s, e] of hit!.highlights)
      expect(0 <= s && s < e && e <= hit!.snippet.length).toBe(true);
  });

  it('turns bad filters into query_error and empty input into no results', async () => {
    await expect(search('after:yesterday')).rejects.toMatchObject({ code: 'query_error' });
    await expect(search('in:trash')).rejects.toMatchObject({ code: 'query_error' });
    expect((await search('')).total).toBe(0);
    expect((await search('  !!! ')).total).toBe(0);
  });
});

describe('visibility of imports', () => {
  it('hides a document until it is committed, and abort removes it', async () => {
    const id = await t.library.beginDocument({ title: 'Pending', kind: 'text' });
    await t.library.appendChunks(id, [{ ordinal: 0, text: 'zebracorn appears here' }]);
    expect((await search('zebracorn')).total).toBe(0);
    expect((await t.library.listIncompleteDocuments()).map((d) => d.id)).toContain(id);
    await t.library.commitDocument(id, { language: 'en' });
    expect((await search('zebracorn')).hits.map((h) => h.id)).toEqual([id]);

    const aborted = await t.library.beginDocument({ title: 'Aborted', kind: 'text' });
    await t.library.appendChunks(aborted, [{ ordinal: 0, text: 'quagmirefish lives here' }]);
    await t.library.abortDocument(aborted);
    expect((await t.library.listIncompleteDocuments()).map((d) => d.id)).not.toContain(aborted);
    expect((await t.library.integrityCheck()).ok).toBe(true);
  });
});
