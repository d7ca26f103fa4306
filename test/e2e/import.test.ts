import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeHandle } from '../support/skr';
import { dragFiles, launchChromium, watchErrors } from './support/browser';

let serve: ServeHandle;
let context: BrowserContext;
let page: Page;
let errors: string[];
const dialogs: string[] = [];
let photoBytes = 0;
const dir = tempDir('skr-e2e-files-');

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const documents = () => page.getByRole('list', { name: 'Documents' });
const importCard = () => page.getByRole('complementary', { name: 'Imports' }).getByRole('region').first();

async function dismissImports(): Promise<void> {
  for (const button of await page.getByRole('button', { name: 'Dismiss' }).all()) await button.click();
}

async function openFromSearch(query: string): Promise<void> {
  await page.keyboard.press('Control+K');
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.fill(query);
  await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().waitFor();
  await box.press('Enter');
  await page.getByRole('toolbar', { name: 'Document' }).waitFor();
}

beforeAll(async () => {
  serve = await startServe(tempDir());
  context = await launchChromium();
  page = await context.newPage();
  errors = watchErrors(page);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(serve.launchUrl);
  await page.getByText('Your library is empty.').waitFor();
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
});

describe('importing by dropping files on the window', () => {
  it('imports files of several types through a real drop and lists them as they complete', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#e08030' } }).png().toBuffer();
    photoBytes = photo.length;
    const files = [
      write('kitchen/recipes.md', '# Pancake recipes\n\nWhisk the **buttermilk** with flour and eggs.\n'),
      write('kitchen/shopping.txt', 'Shopping: buttermilk, flour, maple syrup\n'),
      write('kitchen/menu.html', '<!doctype html><title>Brunch menu</title><h1>Brunch</h1><p>Buttermilk pancakes with berries.</p>'),
      write('kitchen/photo.png', photo),
      write('kitchen/firmware.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))),
      write('kitchen/broken.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R'),
    ];
    await dragFiles(page, files, 'drop');
    const card = importCard();
    await card.getByRole('progressbar', { name: 'Import' }).waitFor();
    await card.getByText('Import finished').waitFor();
    expect(await card.getByRole('progressbar', { name: 'Import' }).getAttribute('aria-valuenow')).toBe('100');
    const problems = card.getByRole('list', { name: 'Import problems' });
    await expect.poll(() => problems.textContent()).toContain('broken.pdf');
    expect(await problems.textContent()).toMatch(/Damaged or unreadable content/);
    expect(await problems.textContent()).not.toContain('firmware.bin');

    // A file of a type nothing can read is kept too, listed by its name.
    await expect.poll(() => documents().getByRole('listitem').count()).toBe(5);
    const text = await documents().textContent();
    for (const kind of ['markdown', 'text', 'html', 'image', 'firmware.bin']) expect(text).toContain(kind);
    await dismissImports();
  });

  it('shows thumbnails in the grid and the image viewer, and offers the original as a download', async () => {
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    const thumbnail = documents().locator('img.doc-card__thumbnail');
    await thumbnail.first().waitFor();
    expect(await thumbnail.count()).toBe(1);
    const src = (await thumbnail.getAttribute('src'))!;
    expect(src).toMatch(/^files\/\d+\/thumbnail$/);
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'List', exact: true }).click();

    await documents().getByRole('button', { name: 'photo.png', exact: true }).click();
    // The viewer shows the stored image itself (inline, never sniffed, sandboxed), not the thumbnail.
    const preview = page.getByRole('img', { name: 'Preview of photo.png' });
    await expect.poll(() => preview.getAttribute('src')).toBe(src.replace('thumbnail', 'preview'));
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    const served = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const headers = ['content-type', 'x-content-type-options', 'content-security-policy', 'content-disposition'];
      return Object.fromEntries(headers.map((h) => [h, r.headers.get(h)]));
    }, src.replace('thumbnail', 'preview'));
    expect(served).toEqual({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox', 'content-disposition': null });
    expect(await page.getByRole('button', { name: 'Open with system app' }).count()).toBe(0);

    const download = page.getByRole('link', { name: 'Download original' });
    expect(await download.getAttribute('download')).toBe('');
    const href = (await download.getAttribute('href'))!;
    const response = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, disposition: r.headers.get('content-disposition'), bytes: new Uint8Array(await r.arrayBuffer()).length };
    }, href);
    expect(response).toEqual({ status: 200, disposition: expect.stringMatching(/^attachment; filename\*=UTF-8''photo\.png$/), bytes: photoBytes });
    await page.getByRole('link', { name: 'Library', exact: true }).click();
  });

  it('cancels an import of a dropped folder', async () => {
    const folder = path.join(dir, 'archive');
    for (let i = 0; i < 400; i++) write(`archive/part-${String(i).padStart(3, '0')}.txt`, `Archive entry ${i}: ${'lorem ipsum '.repeat(40)}\n`);
    await dragFiles(page, [folder], 'drop');
    const card = importCard();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText('Import cancelled').waitFor();
    await expect.poll(async () => Number((await page.getByTestId('library-count').textContent())!.replace(/\D/g, ''))).toBeLessThan(405);
    await dismissImports();
  });

  it('renders imported Markdown and HTML that carry scripts and javascript: links inertly', async () => {
    const payload = `window.pwned = (window.pwned || 0) + 1; alert('pwned')`;
    const files = [
      write(
        'hostile/evil.md',
        `# Quarterly zephyr report\n\n<script>${payload}</script>\n\n<img src="x" onerror="${payload}">\n\n[click me](javascript:${encodeURIComponent(payload)})\n\n![tracker](https://tracker.example/pixel.png)\n`,
      ),
      write(
        'hostile/evil.html',
        `<!doctype html><title>Zephyr intranet page</title><script>${payload}</script><p onclick="${payload}">Zephyr handbook</p><a href="javascript:${payload}">open</a><img src=x onerror="${payload}"><style>body{display:none}</style>`,
      ),
    ];
    await dragFiles(page, files, 'drop');
    await importCard().getByText('Import finished').waitFor();

    await openFromSearch('zephyr type:markdown');
    const content = page.getByLabel('Document content');
    await content.getByRole('heading', { name: 'Quarterly zephyr report' }).waitFor();
    // Markdown opens rendered, with the search terms marked inside the rendered text.
    expect(await content.locator('h1 mark').textContent()).toMatch(/^zephyr$/i);
    expect(await content.locator('script, [onerror], [onclick]').count()).toBe(0);
    expect(await content.getByText('click me').getAttribute('href')).toBeNull();
    expect(await content.locator('img').first().getAttribute('src')).toBeNull();
    await page.getByRole('button', { name: 'Text' }).click();
    expect(await page.getByRole('article', { name: 'Document content' }).textContent()).toContain('<script>');

    await openFromSearch('zephyr type:html');
    const article = page.getByRole('article', { name: 'Document content' });
    expect(await article.textContent()).toContain('Zephyr handbook');
    expect(await article.locator('script, a, img, [onclick]').count()).toBe(0);
    expect(await article.locator('mark').first().textContent()).toMatch(/zephyr/i);

    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('ran without CSP violations or page errors', () => {
    expect(errors).toEqual([]);
  });
});
