import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { skr, startServe, tempDir, type ServeHandle } from '../support/skr';
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
    res
      .writeHead(200, { 'Content-Type': 'image/gif', 'Access-Control-Allow-Origin': '*' })
      .end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteOrigin = `http://localhost:${(remote.address() as AddressInfo).port}`;
  const library = tempDir();
  const source = tempDir();
  writeFileSync(path.join(source, 'payload.md'), markdownPayload(remoteOrigin));
  const imported = skr(['--library', library, 'import', source, '--json']);
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
  serve = await startServe(library);
  context = await launchChromium();
  page = await context.newPage();
  await page.goto(serve.launchUrl);
  await page.getByRole('heading', { name: 'Library' }).waitFor();
  // Collect CSP reports in the page from here on.
  await page.evaluate(() => {
    const w = window as unknown as { __violations: Violation[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI }),
    );
  });
});
afterAll(async () => {
  await context?.close();
  await serve?.stop();
  await new Promise((resolve) => remote?.close(resolve));
});

/** Markdown carrying every kind of active content a document might smuggle into the viewer. */
function markdownPayload(remote: string): string {
  return [
    '# Payload',
    '',
    'markdownpayloadtoken is the visible text.',
    '',
    '<script>window.__pwned = "script"</script>',
    '<img src="x" onerror="window.__pwned = \'onerror\'">',
    '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
    '<iframe src="javascript:window.__pwned = \'iframe\'"></iframe>',
    '',
    '[a javascript link](javascript:window.__pwned=1) and [a data link](data:text/html,<script>alert(1)</script>)',
    '',
    `![remote image](${remote}/markdown-image.png)`,
    '',
    `<img src="${remote}/raw-image.png">`,
  ].join('\n');
}

/** Calls one channel over the WebSocket, as the app does, with the secret. */
async function invoke(channel: string, input?: unknown): Promise<unknown> {
  const ws = new WebSocket(serve.origin.replace('http', 'ws') + '/ws', {
    headers: { Authorization: `Bearer ${serve.secret}`, Origin: serve.origin },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel, input }));
  const reply = await new Promise<{ envelope: { ok: boolean; value: unknown } }>((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(data.toString()))),
  );
  ws.close();
  if (!reply.envelope.ok) throw new Error(JSON.stringify(reply.envelope));
  return reply.envelope.value;
}

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
    await expect
      .poll(async () =>
        (await violations()).some(
          (v) => v.directive === 'script-src-elem' && v.blockedURI === 'inline',
        ),
      )
      .toBe(true);
  });

  it('blocks inline event handlers and javascript: URLs', async () => {
    const ran = await page.evaluate(async () => {
      const host = document.createElement('div');
      host.innerHTML =
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__handlerRan = true" onerror="window.__handlerRan = true"><a id="js-link" href="javascript:window.__linkRan=true">x</a>';
      document.body.appendChild(host);
      (document.getElementById('js-link') as HTMLAnchorElement).click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const w = window as unknown as { __handlerRan?: boolean; __linkRan?: boolean };
      host.remove();
      return { handler: w.__handlerRan === true, link: w.__linkRan === true };
    });
    expect(ran).toEqual({ handler: false, link: false });
    await expect
      .poll(
        async () =>
          (await violations()).filter(
            (v) => v.directive === 'script-src-attr' || v.directive === 'script-src-elem',
          ).length,
      )
      .toBeGreaterThanOrEqual(2);
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
    await expect
      .poll(async () =>
        (await violations()).some(
          (v) => v.directive === 'img-src' && v.blockedURI.startsWith(remoteOrigin),
        ),
      )
      .toBe(true);
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
    await expect
      .poll(
        async () =>
          new Set(
            (await violations())
              .filter((v) => v.blockedURI.startsWith(remoteOrigin))
              .map((v) => v.directive),
          ),
      )
      .toEqual(new Set(['img-src', 'script-src-elem', 'style-src-elem', 'connect-src']));
    expect(arrived).toEqual([]);
  });

  it('shows an imported Markdown document with its active content disarmed, and loads nothing remote', async () => {
    const list = (await invoke('documents.list', {})) as {
      items: Array<{ id: number; title: string }>;
    };
    const doc = list.items.find((d) => d.title === 'payload.md' || d.title === 'Payload')!;
    expect(doc).toBeDefined();
    const before = (await violations()).length;
    await page.goto(`${serve.origin}/#/document/${doc.id}`);
    const article = page.getByRole('article', { name: 'Document content' });
    await article.getByText('markdownpayloadtoken').waitFor();
    const found = await article.evaluate((node) => ({
      scripts: node.querySelectorAll('script, iframe, object, embed').length,
      handlers: [...node.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes]
          .filter((a) => a.name.startsWith('on'))
          .map((a) => `${el.tagName}.${a.name}`),
      ),
      // Links to the web open outside the app; nothing else may stay a link (javascript:, data:…).
      hrefs: [...node.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href')!)
        .filter((href) => !/^(https?:|mailto:|#)/i.test(href)),
      srcs: [...node.querySelectorAll('[src]')].map((el) => el.getAttribute('src')),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    }));
    expect(found).toEqual({ scripts: 0, handlers: [], hrefs: [], srcs: [], pwned: null });
    await page.waitForTimeout(300);
    expect(arrived).toEqual([]);
    // Disarmed before the browser saw it: nothing was even attempted, so the CSP had nothing to block.
    expect((await violations()).slice(before)).toEqual([]);
  });
});
