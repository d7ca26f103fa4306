/**
 * `npm run bench -- library-view --library DIR`: how the Library view behaves over a big library in
 * Chromium (browser mode): time to the first screen of rows, and frame times while scrolling
 * through it. DIR is an existing library, e.g. the 100,000-document one that
 * `npm run bench -- search --reuse` keeps (its folder is printed by that benchmark).
 * Prints one JSON object, then a table.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../e2e/support/browser';
import { startServe } from '../support/skr';

const { values: flags } = parseArgs({ options: { library: { type: 'string' }, steps: { type: 'string' } } });
const library = flags.library ? path.resolve(flags.library) : '';
if (!library || !existsSync(path.join(library, 'library.db'))) {
  console.error('usage: npm run bench -- library-view --library DIR   (DIR holds library.db)');
  process.exit(2);
}
const steps = Number(flags.steps ?? 60);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
};

const serve = await startServe(library);
const context = await launchChromium();
try {
  const page = await context.newPage();
  await page.goto(serve.launchUrl);
  await page.getByRole('list', { name: 'Documents' }).getByRole('listitem').first().waitFor({ timeout: 60_000 });
  // Reload so the figure is a warm start of the view, as a user opening the app sees it.
  const started = Date.now();
  await page.reload();
  await page.getByRole('list', { name: 'Documents' }).getByRole('listitem').first().waitFor({ timeout: 60_000 });
  const firstScreenMs = Date.now() - started;
  const total = Number((await page.getByTestId('library-count').textContent())?.replace(/\D/g, '') ?? 0);

  // Scroll the virtualized list in steps while recording every animation frame's duration.
  const scroll = await page.evaluate(async (stepCount) => {
    const scroller = document.querySelector<HTMLElement>('.collection__scroller')!;
    const frames: number[] = [];
    let last = performance.now();
    let running = true;
    const tick = (now: number) => {
      frames.push(now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const maxRows: number[] = [];
    for (let i = 1; i <= stepCount; i++) {
      scroller.scrollTop = (scroller.scrollHeight * i) / (stepCount + 1);
      await new Promise((r) => setTimeout(r, 50));
      maxRows.push(scroller.querySelectorAll('[role="listitem"]').length);
    }
    running = false;
    return { frames: frames.slice(1), rowsInDom: Math.max(...maxRows), scrollHeight: scroller.scrollHeight };
  }, steps);
  // A jump to the very end (End key, scrollbar dragged down): how long until the last row shows its title.
  const lastRow = page.locator(`[role="listitem"][aria-posinset="${total}"]`);
  const endStarted = Date.now();
  await page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.collection__scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
  });
  let lastRowText = '';
  while (!lastRowText && Date.now() - endStarted < 120_000) {
    lastRowText = (await lastRow.textContent({ timeout: 1000 }).catch(() => ''))?.trim().slice(0, 60) ?? '';
    if (!lastRowText) await page.waitForTimeout(50);
  }
  const endLoadedMs = Date.now() - endStarted;
  const rowsAtEnd = await page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count();

  const result = {
    benchmark: 'library-view',
    documents: total,
    firstScreenMs,
    scroll: {
      steps,
      frames: scroll.frames.length,
      frameP50Ms: Number(percentile(scroll.frames, 50).toFixed(1)),
      frameP95Ms: Number(percentile(scroll.frames, 95).toFixed(1)),
      frameMaxMs: Number(Math.max(...scroll.frames).toFixed(1)),
      maxRowsInDom: scroll.rowsInDom,
    },
    rowsAtEnd,
    lastRowText,
    endLoadedMs: lastRowText ? endLoadedMs : null,
    targets: { firstScreenMs: 1000, frameP95Ms: 33 },
  };
  console.log(JSON.stringify(result));
  console.log(
    [
      ['documents', total],
      ['first screen', `${firstScreenMs} ms (target < 1000)`],
      ['scroll frames p50 / p95 / max', `${result.scroll.frameP50Ms} / ${result.scroll.frameP95Ms} / ${result.scroll.frameMaxMs} ms`],
      ['rows in the DOM (max)', scroll.rowsInDom],
      ['jump to the end: last row after', lastRowText ? `${endLoadedMs} ms (${lastRowText})` : 'not within 120 s'],
    ]
      .map(([k, v]) => `${String(k).padEnd(32)}${v}`)
      .join('\n'),
  );
} finally {
  await context.close();
  await serve.stop();
}
