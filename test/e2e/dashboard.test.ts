import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeHandle } from '../support/skr';
import { launchChromium, watchErrors } from './support/browser';

let serve: ServeHandle;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  serve = await startServe(tempDir());
  context = await launchChromium();
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(serve.launchUrl);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
});

const latest = (chart: string) => page.getByTestId(`${chart}-latest`);
const samplesReceived = async () => Number(/(\d+) samples/.exec((await page.getByTestId('feed-status').textContent()) ?? '')?.[1] ?? 0);
const processRows = () => page.locator('table[aria-labelledby="processes-title"] tbody tr');

async function download(trigger: Locator): Promise<{ name: string; text: string; href: string }> {
  await trigger.click();
  const link = page.getByTestId('download-link');
  await expect.poll(() => link.getAttribute('download')).toBeTruthy();
  const href = (await link.getAttribute('href'))!;
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const saved = path.join(tempDir('skr-download-'), file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), text: readFileSync(saved, 'utf8'), href };
}

describe('the Dashboard in Chromium', () => {
  it('draws live data: chart paths appear and the latest values move on', async () => {
    for (const chart of ['memory', 'cpu', 'handles', 'threads', 'event-loop']) {
      // A chart off screen leaves its plot alone: bring each into view.
      await page.getByTestId(`chart-${chart}`).scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator(`[data-testid="chart-${chart}"] svg path[d]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await page.getByTestId('chart-memory').scrollIntoViewIfNeeded();
    const first = await latest('memory').textContent();
    expect(first).toMatch(/host [\d.,]+ MB/);
    await expect.poll(() => latest('memory').textContent(), { timeout: 10_000 }).not.toBe(first);
    expect(await page.getByRole('figure', { name: /^Memory per process/ }).count()).toBe(1);
  });

  it('shows a tooltip with units over a chart', async () => {
    const plot = page.locator('[data-testid="chart-memory"] .recharts-wrapper > svg.recharts-surface');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
    const tooltip = page.locator('[data-testid="chart-memory"] .recharts-tooltip-wrapper');
    await expect.poll(() => tooltip.textContent()).toMatch(/\d\d:\d\d:\d\d.*host.*[\d.]+ MB/);
    await page.mouse.move(0, 0);
  });

  it('lists the host process in the process table', async () => {
    const host = processRows().filter({ has: page.locator('td', { hasText: String(serve.child.pid) }) });
    await expect.poll(() => host.count()).toBe(1);
    expect(await host.getAttribute('data-role')).toBe('host');
    expect(await host.textContent()).toMatch(/MB/);
  });

  it('sorts the process table from the keyboard, announcing the order with aria-sort', async () => {
    const pidHeader = page.locator('table[aria-labelledby="processes-title"] th', { hasText: 'PID' });
    // Reach the PID sort button with Tab (from Name's), as a keyboard user would.
    await page.locator('table[aria-labelledby="processes-title"] th', { hasText: 'Name' }).getByRole('button').focus();
    await page.keyboard.press('Tab');
    expect(await pidHeader.getByRole('button').evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await pidHeader.getByRole('button').evaluate((b) => getComputedStyle(b).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await pidHeader.getAttribute('aria-sort')).toBe('descending');
    await page.keyboard.press('Enter');
    expect(await pidHeader.getAttribute('aria-sort')).toBe('ascending');
  });

  it('shows each health target with a status', async () => {
    const rows = page.locator('table[aria-labelledby="health-title"] tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(['Memory baseline', 'Memory growth', 'Open handles', 'Pool utilisation', 'CPU']);
    const memory = rows.filter({ hasText: 'Memory baseline' });
    expect(await memory.textContent()).toMatch(/< 512 MB.*MB.*(Within target|Over target)/);
  });

  it('pauses the charts while samples keep arriving, then resumes', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    const frozen = await latest('memory').textContent();
    const before = await samplesReceived();
    await expect.poll(samplesReceived, { timeout: 10_000 }).toBeGreaterThan(before + 1);
    expect(await latest('memory').textContent()).toBe(frozen);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => latest('memory').textContent(), { timeout: 5_000 }).not.toBe(frozen);
  });

  it('switches the time window, including 24 h from the minute aggregates', async () => {
    for (const label of ['1 min', '1 h', '24 h', '5 min']) {
      await page.getByRole('radio', { name: label }).check();
      await expect.poll(() => page.locator('[data-testid="chart-memory"] svg path[d]').count()).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
  });

  it('offers the resource report as a Markdown download', async () => {
    const report = await download(page.getByRole('button', { name: 'Generate report' }));
    expect(report.href).toMatch(/^blob:/);
    expect(report.name).toMatch(/\.md$/);
    expect(report.text).toContain('# Memory & Resource Performance Analysis Report');
  });

  it('exports raw samples as CSV and JSON', async () => {
    const csv = await download(page.getByRole('button', { name: 'Export samples as CSV' }));
    expect(csv.name).toMatch(/\.csv$/);
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header).toMatch(/^ts,/);
    expect(rows.length).toBeGreaterThan(2);
    const json = await download(page.getByRole('button', { name: 'Export samples as JSON' }));
    expect(json.name).toMatch(/\.json$/);
    expect(() => JSON.parse(json.text)).not.toThrow();
  });

  it('follows the dark theme', async () => {
    const panel = page.locator('.dash-panel').first();
    const light = await panel.evaluate((e) => getComputedStyle(e).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await panel.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe(light);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('lists the pool workers while an import runs', async () => {
    const dir = tempDir('skr-import-');
    mkdirSync(path.join(dir, 'docs'));
    for (let i = 0; i < 200; i++) {
      const body = `<h1>Page ${i}</h1>` + `<p>${'knowledge base dashboard worker '.repeat(400)}</p>`.repeat(20);
      writeFileSync(path.join(dir, 'docs', `page-${i}.html`), `<!doctype html><html><body>${body}</body></html>`);
    }
    // Through the page's own origin and cookie, over the real browser-mode transport.
    const envelope = await page.evaluate(
      (paths) =>
        new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'import.start', input: { paths } }));
          ws.onmessage = (e) => {
            const message = JSON.parse(String(e.data));
            if (message.type === 'result') resolve(message.envelope);
          };
        }),
      [path.join(dir, 'docs')],
    );
    expect(envelope.error ?? null).toBeNull();
    const workers = processRows().filter({ has: page.locator('td:first-child', { hasText: /^(worker|utility)$/ }) });
    await expect.poll(() => workers.count(), { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
  });

  it('ran without CSP violations or page errors', () => {
    expect(errors).toEqual([]);
  });
});
