import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeHandle } from '../support/skr';
import { dragFiles, launchChromium, watchErrors } from './support/browser';

let serve: ServeHandle;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  serve = await startServe(tempDir());
  context = await launchChromium();
  page = await context.newPage();
  errors = watchErrors(page);
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
});

describe('the app in Chromium through browser mode', () => {
  it('loads the app frame from the printed URL', async () => {
    await page.goto(serve.launchUrl);
    expect(new URL(page.url()).search).toBe('');
    for (const name of ['Library', 'Search', 'Dashboard', 'Settings']) {
      await expect.poll(() => page.getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByText('Your library is empty.').waitFor();
  });

  it('navigates between views', async () => {
    for (const name of ['Search', 'Dashboard', 'Settings', 'Library']) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
      expect(await page.getByRole('link', { name, exact: true }).getAttribute('aria-current')).toBe('page');
    }
  });

  it('round-trips app.info over the WebSocket', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect.poll(() => page.getByTestId('transport').textContent()).toBe('browser');
    expect(await page.getByTestId('library-path').textContent()).toMatch(/skr-test-/);
  });

  it('shows the drop overlay while real files are dragged over the window', async () => {
    const dir = tempDir();
    const files = ['a.txt', 'b.md'].map((name) => path.join(dir, name));
    for (const file of files) writeFileSync(file, `hello from ${file}`);
    const overlay = page.getByTestId('drop-overlay');
    expect(await overlay.count()).toBe(0);
    await dragFiles(page, files, 'hover');
    await overlay.waitFor({ state: 'visible' });
    await dragFiles(page, files, 'drop');
    await overlay.waitFor({ state: 'detached' });
  });

  it('follows the theme chosen in Settings', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByRole('radio', { name: 'Light' }).check();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(background);
    await page.getByRole('radio', { name: 'System' }).check();
  });

  it('ran without CSP violations or page errors', () => {
    expect(errors).toEqual([]);
  });

  it('refuses a browser without the secret', async () => {
    const stranger = await context.newPage();
    await context.clearCookies();
    const response = await stranger.goto(serve.origin + '/');
    expect(response?.status()).toBe(401);
    await stranger.close();
  });
});
