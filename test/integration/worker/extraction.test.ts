import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessPool, TaskFailure } from '../../../electron/core/pool';
import { CORPUS_TEXT, writeExtractionCorpus, type ExtractionCorpus } from '../../fixtures/extraction-corpus';
import { epub } from '../../fixtures/office-documents';
import type { TextChunk } from '../../../electron/core/pool/protocol';
import { extract } from '../../../electron/worker/extract';
import { readWholeIfSmall, WHOLE_FILE_BYTES } from '../../../electron/worker/extractors/whole-file';
import { extractWith, testPool } from '../../fixtures/worker-pool';

let dir: string;
let corpus: ExtractionCorpus;
let pool: ProcessPool;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'skr-extract-'));
  corpus = await writeExtractionCorpus(dir);
  pool = testPool({ size: 2 });
});

afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('extraction should have failed'),
    (error: TaskFailure) => ({ reason: error.reason, message: error.message }),
  );

describe('plain text', () => {
  it('reads UTF-8 and counts characters, words and language', async () => {
    const { result, text } = await extractWith(pool, corpus.utf8);
    expect(result).toMatchObject({ kind: 'text', mime: 'text/plain', noText: false, encoding: 'utf-8', chunks: 1 });
    expect(text).toContain('naïve café, 日本語のテキスト.');
    expect(result.metrics.characters).toBe([...text].length);
    expect(result.metrics.words).toBe(text.split(/\s+/).filter(Boolean).length);
    expect(result.metrics.readingMinutes).toBe(1);
    expect(result.metrics.language).toBe('en');
  });

  it('drops a UTF-8 byte-order mark', async () => {
    const { result, text } = await extractWith(pool, corpus.utf8Bom);
    expect(result.encoding).toBe('utf-8');
    expect(text).toBe(`${CORPUS_TEXT.english}\n`);
  });

  it('decodes UTF-16 LE and BE with a BOM', async () => {
    const le = await extractWith(pool, corpus.utf16le);
    expect(le.result).toMatchObject({ kind: 'text', encoding: 'utf-16le' });
    expect(le.text).toBe(`${CORPUS_TEXT.french}\n`);
    expect(le.result.metrics.language).toBe('fr');
    const be = await extractWith(pool, corpus.utf16be);
    expect(be.result).toMatchObject({ kind: 'text', encoding: 'utf-16be' });
    expect(be.text).toBe(`${CORPUS_TEXT.german}\n`);
    expect(be.result.metrics.language).toBe('de');
  });

  it('replaces invalid UTF-8 bytes instead of failing', async () => {
    const { result, text } = await extractWith(pool, corpus.invalidUtf8);
    expect(result.encoding).toBe('utf-8');
    expect(text).toMatch(/^Valid café start \uFFFD+ valid end naïve\.\n$/);
  });

  it('falls back to Windows-1252 for legacy single-byte text', async () => {
    const { result, text } = await extractWith(pool, corpus.latin1);
    expect(result.encoding).toBe('windows-1252');
    expect(text).toBe('Café crème brûlée, déjà vu.\n');
  });

  it('types Markdown, CSV, JSON, code and logs by extension, and titles Markdown by its heading', async () => {
    const markdown = await extractWith(pool, corpus.markdown);
    expect(markdown.result).toMatchObject({ kind: 'markdown', mime: 'text/markdown', title: 'Project Notes' });
    expect(markdown.text).toContain('Some *emphasis*');
    expect((await extractWith(pool, corpus.csv)).result).toMatchObject({ kind: 'csv', mime: 'text/csv' });
    const json = await extractWith(pool, corpus.json);
    expect(json.result).toMatchObject({ kind: 'json', mime: 'application/json' });
    expect(JSON.parse(json.text).greeting).toBe('hello');
    expect((await extractWith(pool, corpus.code)).result.kind).toBe('code');
    expect((await extractWith(pool, corpus.log)).text).toContain('WARN slow request');
  });

  it('reports an empty file as having no text', async () => {
    const { result, chunks } = await extractWith(pool, corpus.empty);
    expect(result).toMatchObject({ kind: 'text', noText: true, chunks: 0 });
    expect(result.metrics).toEqual({ characters: 0, words: 0, readingMinutes: 0, language: null });
    expect(chunks).toEqual([]);
  });
});

describe('HTML', () => {
  it('keeps visible text and the title, drops scripts, styles and noscript, and starts sections at headings', async () => {
    const { result, chunks, text } = await extractWith(pool, corpus.html);
    expect(result).toMatchObject({ kind: 'html', title: 'Test & Page', sections: 2 });
    expect(text).toContain(CORPUS_TEXT.english);
    expect(text).toContain('Fish & chips <tag>');
    for (const hidden of ['SCRIPT_TEXT', 'MORE_SCRIPT', 'NOSCRIPT_TEXT', 'color: red']) expect(text).not.toContain(hidden);
    expect(chunks.map((chunk) => chunk.section)).toEqual(['Main Heading', 'Second Part']);
    expect(chunks[1]!.text).toBe('Second Part\n\nClosing words.');
  });
});

describe('documents', () => {
  it('reads a PDF page by page with its title and author', async () => {
    const { result, chunks } = await extractWith(pool, corpus.pdf);
    expect(result).toMatchObject({ kind: 'pdf', mime: 'application/pdf', title: 'Field Guide', author: 'Ada Tester', pages: 3, chunks: 3 });
    expect(chunks.map((chunk) => chunk.page)).toEqual([1, 2, 3]);
    expect(chunks[0]!.text).toContain('Page one begins here.');
    expect(chunks[1]!.text).toContain(CORPUS_TEXT.english);
    expect(chunks[2]!.text).toContain('Page three ends it.');
    expect(result.metrics.language).toBe('en');
  });

  it('reads PDFs without loading Skia, leaving the built-ins pdfjs polyfills native', async () => {
    // In this process rather than a worker, to look at what loading pdfjs left behind.
    const { push } = Array.prototype;
    const { parse, stringify } = JSON;
    const texts: string[] = [];
    await extract({ kind: 'extract', path: corpus.pdf }, async (chunk) => void texts.push(chunk.text));
    expect(texts.join('')).toContain('Page three ends it.');
    expect([Array.prototype.push, JSON.parse, JSON.stringify]).toEqual([push, parse, stringify]);
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((file) => file.includes('@napi-rs'))).toEqual([]);
  });

  it('reads a DOCX with headings as sections and the core properties', async () => {
    const { result, chunks, text } = await extractWith(pool, corpus.docx);
    expect(result).toMatchObject({ kind: 'docx', title: 'Quarterly Report', author: 'Grace Writer', sections: 2 });
    expect(chunks.map((chunk) => chunk.section)).toEqual(['Introduction', 'Results']);
    expect(text).toContain('Revenue grew by ten percent.');
  });

  it('reads an EPUB in spine order with its package metadata', async () => {
    const { result, chunks } = await extractWith(pool, corpus.epub);
    expect(result).toMatchObject({ kind: 'epub', mime: 'application/epub+zip', title: 'A Small Book', author: 'Jules Author', sections: 2 });
    expect(chunks.map((chunk) => chunk.section)).toEqual(['Chapter One', 'Chapter Two']);
    expect(chunks[0]!.text).toContain(CORPUS_TEXT.french);
    expect(chunks[0]!.text).not.toContain('color: red');
    expect(result.metrics.language).toBe('fr');
  });

  it('never follows an EPUB manifest path out of the archive', async () => {
    const { result, text } = await extractWith(pool, corpus.escapingEpub);
    expect(result.kind).toBe('epub');
    expect(text).toBe('Only Chapter\n\nInside the archive.');
  });

  it('refuses an EPUB that declares more uncompressed bytes than the cap (zip bomb)', async () => {
    const bomb = path.join(dir, 'bomb.epub');
    await writeFile(bomb, epub({ title: 'Bomb', author: 'X', chapters: [{ heading: 'Big', paragraphs: ['x'] }], declaredChapterSize: 600 * 1024 * 1024 }));
    expect(await failureOf(pool.run({ kind: 'extract', path: bomb }))).toMatchObject({ reason: 'too_large' });
  });

  it('reads an ODT with headings, spaces and its meta title and author', async () => {
    const { result, chunks, text } = await extractWith(pool, corpus.odt);
    expect(result).toMatchObject({ kind: 'odt', title: 'Meeting Notes', author: 'Lin Notetaker', sections: 1 });
    expect(chunks[0]!.section).toBe('Agenda');
    expect(text).toContain(CORPUS_TEXT.german);
    expect(text).toContain('Second  paragraph with  spaces.');
    expect(result.metrics.language).toBe('de');
  });
});

describe('images', () => {
  it('reads dimensions and EXIF and writes a 256 px WebP thumbnail', async () => {
    const thumbnail = path.join(dir, 'photo.thumb.webp');
    const { result } = await extractWith(pool, corpus.jpeg, thumbnail);
    expect(result).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      noText: true,
      image: { width: 800, height: 600, format: 'jpeg', takenAt: '2021-07-04T10:30:00', camera: 'Canon EOS 5D' },
    });
    expect(result.image?.thumbnail).toEqual({ path: thumbnail, width: 256, height: 192 });
    const written = await sharp(thumbnail).metadata();
    expect(written).toMatchObject({ format: 'webp', width: 256, height: 192 });
  });

  it('never enlarges a small image for its thumbnail', async () => {
    const thumbnail = path.join(dir, 'picture.thumb.webp');
    const { result } = await extractWith(pool, corpus.png, thumbnail);
    expect(result.image).toMatchObject({ width: 300, height: 200, format: 'png', thumbnail: { width: 256, height: 171 } });
    expect((await stat(thumbnail)).size).toBeGreaterThan(0);
  });

  it('refuses a decompression bomb without decoding it', async () => {
    const thumbnail = path.join(dir, 'bomb.thumb.webp');
    expect(await failureOf(pool.run({ kind: 'extract', path: corpus.pngBomb, thumbnailPath: thumbnail }))).toMatchObject({ reason: 'too_large' });
    await expect(stat(thumbnail)).rejects.toThrow();
  });
});

describe('small files read whole, larger ones streamed from disk', () => {
  const extractedBy = async (file: string, readWhole: (path: string) => Buffer | undefined) => {
    const chunks: TextChunk[] = [];
    const outcome = await extract({ kind: 'extract', path: file }, async (chunk) => void chunks.push(chunk), readWhole).then(
      (result) => ({ result }),
      (error: Error) => ({ error: String(error) }),
    );
    return { ...outcome, chunks };
  };

  it.each(['utf8', 'utf16le', 'utf16be', 'latin1', 'invalidUtf8', 'markdown', 'html', 'json', 'pdf', 'docx', 'epub', 'odt', 'unknownBinary', 'empty', 'truncatedPdf', 'truncatedDocx', 'truncatedEpub', 'truncatedOdt'] as const)(
    'extracts %s alike from its bytes in memory and from the file',
    async (name) => {
      const fromMemory = await extractedBy(corpus[name], readWholeIfSmall);
      const fromDisk = await extractedBy(corpus[name], () => undefined);
      expect(fromMemory).toEqual(fromDisk);
      expect('result' in fromMemory || name.startsWith('truncated')).toBe(true);
    },
  );

  it('reads a file whole only up to the limit', async () => {
    const file = path.join(dir, 'limit.txt');
    await writeFile(file, Buffer.alloc(WHOLE_FILE_BYTES, 'a'));
    expect(readWholeIfSmall(file)?.length).toBe(WHOLE_FILE_BYTES);
    await writeFile(file, Buffer.alloc(WHOLE_FILE_BYTES + 1, 'a'));
    expect(readWholeIfSmall(file)).toBeUndefined();
    expect((await readFile(file)).length).toBe(WHOLE_FILE_BYTES + 1);
  });
});

describe('other files and failures', () => {
  it('imports an unknown binary as a file with no text', async () => {
    const { result } = await extractWith(pool, corpus.unknownBinary);
    expect(result).toMatchObject({ kind: 'other', mime: 'application/octet-stream', noText: true, chunks: 0 });
  });

  it.each([
    ['truncatedPdf', 'corrupt'],
    ['truncatedDocx', 'corrupt'],
    ['truncatedEpub', 'corrupt'],
    ['truncatedOdt', 'corrupt'],
    ['truncatedJpeg', 'corrupt'],
    ['truncatedPng', 'corrupt'],
    ['missing', 'vanished'],
  ] as const)('reports %s as %s with a message', async (name, reason) => {
    const failure = await failureOf(pool.run({ kind: 'extract', path: corpus[name], thumbnailPath: path.join(dir, `${name}.webp`) }));
    expect(failure.reason).toBe(reason);
    expect(failure.message.length).toBeGreaterThan(5);
  });

  it('reports a directory as unreadable', async () => {
    expect(await failureOf(pool.run({ kind: 'extract', path: dir }))).toMatchObject({ reason: 'unreadable' });
  });

  it('keeps its workers alive through all of the above', () => {
    expect(pool.stats()).toMatchObject({ restarts: 0, retries: 0 });
  });
});
