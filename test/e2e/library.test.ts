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

const SAMPLES: Record<string, string> = {
  'lighthouse.md': '# Lighthouse keeping\n\nThe keeper trims the wick at dusk. A lighthouse lens is a Fresnel lens.\n',
  'orchard.txt': 'Orchard diary\n\nPruned the apple trees; the pear blossom is late this year.\n',
  'tides.txt': 'Tide tables\n\nSpring tides follow the full moon; the lighthouse causeway floods at high water.\n',
};

const nav = (name: string) => page.getByRole('link', { name, exact: true }).click();
const documents = () => page.getByRole('list', { name: 'Documents' });
const row = (title: string) => documents().getByRole('listitem').filter({ has: page.getByRole('button', { name: title, exact: true }) });

beforeAll(async () => {
  serve = await startServe(tempDir());
  context = await launchChromium();
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(serve.launchUrl);
  const dir = tempDir('skr-e2e-library-');
  const files = Object.entries(SAMPLES).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  await dragFiles(page, files, 'drop');
  await page.getByText('Import finished').waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  // expect.poll is not allowed in hooks: wait for the third row instead.
  await documents().getByRole('listitem').nth(2).waitFor();
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
});

describe('the library in use', () => {
  it('searches with the keyboard and opens a result with the terms highlighted', async () => {
    await page.keyboard.press('Control+K');
    const box = page.getByRole('combobox', { name: 'Search' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search');
    await page.keyboard.type('lighthouse');
    const results = page.getByRole('listbox', { name: 'Search results' });
    await expect.poll(() => results.getByRole('option').count()).toBe(2);
    expect(await results.locator('mark').first().textContent()).toMatch(/lighthouse/i);
    // Each hit shows a passage of its own document.
    const snippets = await results.locator('.result__snippet').allTextContents();
    expect(snippets.some((s) => s.includes('Fresnel'))).toBe(true);
    expect(snippets.some((s) => s.includes('causeway'))).toBe(true);

    await box.press('ArrowDown');
    const second = results.getByRole('option').nth(1);
    expect(await second.getAttribute('aria-selected')).toBe('true');
    const title = (await second.locator('.result__title').textContent())!;
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const marks = page.getByRole('article', { name: 'Document content' }).locator('mark');
    expect((await marks.first().textContent())!.toLowerCase()).toBe('lighthouse');
    await page.getByRole('status').filter({ hasText: /of \d+ matches/ }).waitFor();

    await page.keyboard.press('Control+K');
    await box.fill('"unclosed');
    await page.getByRole('alert').or(page.getByText(/No results for/)).first().waitFor();
  });

  it('tags documents and filters the library by tag and type', async () => {
    await nav('Library');
    await row('Lighthouse keeping').getByRole('checkbox').check();
    await row('tides.txt').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Tag…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tag 2 documents' });
    await dialog.getByLabel('Tags, separated by commas').fill('coast');
    await dialog.getByRole('button', { name: 'Add tags' }).click();
    await page.getByText('Tagged 2 documents with coast.').waitFor();

    await page.getByRole('combobox', { name: 'Tag', exact: true }).selectOption('coast');
    await expect.poll(() => documents().getByRole('listitem').count()).toBe(2);
    expect(await documents().textContent()).not.toContain('orchard.txt');
    await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('markdown');
    await expect.poll(() => documents().getByRole('listitem').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('');
    await page.getByRole('combobox', { name: 'Tag', exact: true }).selectOption('');
    await expect.poll(() => documents().getByRole('listitem').count()).toBe(3);
  });

  it('writes a note that search then finds', async () => {
    await page.keyboard.press('Control+N');
    await page.getByRole('textbox', { name: 'Title' }).fill('Harbour checklist');
    await page.getByRole('textbox', { name: 'Note' }).fill('Check the **mooring ropes** and the quayside bollards.');
    await page.getByRole('region', { name: 'Preview' }).locator('strong', { hasText: 'mooring ropes' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();
    expect(page.url()).toMatch(/#\/note\/\d+$/);

    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search' }).fill('bollards');
    const hit = page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first();
    await hit.getByText('Harbour checklist').waitFor();
    await hit.click();
    expect(await page.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Harbour checklist');
  });

  it('shows settings validation errors next to the field', async () => {
    await nav('Settings');
    const memory = page.getByRole('group', { name: 'Memory (whole app)' });
    const clear = memory.getByLabel('Clear below');
    await clear.fill('9000');
    const error = memory.getByText(/“Clear below” must not exceed “Alert above”/);
    await error.waitFor();
    expect(await clear.getAttribute('aria-invalid')).toBe('true');
    const interval = page.getByLabel('Sampling interval');
    await interval.fill('0');
    await page.getByText('Must be at least 0.25 seconds').waitFor();
    await interval.fill('1');
    await clear.fill('480');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();
  });

  it('ran without CSP violations or page errors', () => {
    expect(errors).toEqual([]);
  });
});
