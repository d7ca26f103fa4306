import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeHandle } from '../support/skr';
import { launchChromium } from './support/browser';

let serve: ServeHandle;
let context: BrowserContext;
let page: Page;
/** Another origin the page must never reach: it records every request that arrives. */
let remote: http.Server;
let remoteOrigin: string;
const arrived: string[] = [];

interface Violation {
  directive: string;
  blockedURI: string;
}

beforeAll(async () => {
  remote = http.createServer((req, res) => {
    arrived.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Access-Control-Allow-Origin': '*' }).end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteOrigin = `http://localhost:${(remote.address() as AddressInfo).port}`;
  serve = await startServe(tempDir());
  context = await launchChromium();
  page = await context.newPage();
  await page.goto(serve.launchUrl);
  await page.getByRole('heading', { name: 'Library' }).waitFor();
  // Collect CSP reports in the page from here on.
  await page.evaluate(() => {
    const w = window as unknown as { __violations: Violation[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI }));
  });
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
  await new Promise((resolve) => remote?.close(resolve));
});

async function violations(): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);
}

describe('the renderer Content-Security-Policy in Chromium', () => {
  it('blocks an inline script added to the page, and reports it', async () => {
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations()).some((v) => v.directive === 'script-src-elem' && v.blockedURI === 'inline')).toBe(true);
  });

  it('blocks inline event handlers and javascript: URLs', async () => {
    const ran = await page.evaluate(async () => {
      const host = document.createElement('div');
      host.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__handlerRan = true" onerror="window.__handlerRan = true"><a id="js-link" href="javascript:window.__linkRan=true">x</a>';
      document.body.appendChild(host);
      (document.getElementById('js-link') as HTMLAnchorElement).click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const w = window as unknown as { __handlerRan?: boolean; __linkRan?: boolean };
      host.remove();
      return { handler: w.__handlerRan === true, link: w.__linkRan === true };
    });
    expect(ran).toEqual({ handler: false, link: false });
    await expect.poll(async () => (await violations()).filter((v) => v.directive === 'script-src-attr' || v.directive === 'script-src-elem').length).toBeGreaterThanOrEqual(2);
  });

  it('blocks an image from a remote http URL before any request is made', async () => {
    const loaded = await page.evaluate(async (src) => {
      const img = document.createElement('img');
      const settled = new Promise<boolean>((resolve) => {
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
      });
      img.src = src;
      document.body.appendChild(img);
      const result = await settled;
      img.remove();
      return result;
    }, `${remoteOrigin}/tracker.gif`);
    expect(loaded).toBe(false);
    await expect.poll(async () => (await violations()).some((v) => v.directive === 'img-src' && v.blockedURI.startsWith(remoteOrigin))).toBe(true);
    expect(arrived).toEqual([]);
  });

  it('blocks remote scripts, styles and fetches', async () => {
    const fetched = await page.evaluate(async (origin) => {
      const script = document.createElement('script');
      script.src = `${origin}/evil.js`;
      const style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = `${origin}/evil.css`;
      document.head.append(script, style);
      return fetch(`${origin}/exfiltrate`).then(
        () => true,
        () => false,
      );
    }, remoteOrigin);
    expect(fetched).toBe(false);
    await expect.poll(async () => new Set((await violations()).filter((v) => v.blockedURI.startsWith(remoteOrigin)).map((v) => v.directive))).toEqual(
      new Set(['img-src', 'script-src-elem', 'style-src-elem', 'connect-src']),
    );
    expect(arrived).toEqual([]);
  });
});
