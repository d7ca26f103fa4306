import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { skr, startServe, tempDir, type ServeHandle } from '../../support/skr';

let serve: ServeHandle;
/** Document ids by file name of what the library holds. */
const ids: Record<string, number> = {};

beforeAll(async () => {
  const library = tempDir();
  const files = tempDir();
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } }).png().toFile(path.join(files, 'photo.png'));
  writeFileSync(path.join(files, 'drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  writeFileSync(path.join(files, 'notes.txt'), 'plain words');
  expect(skr(['--library', library, 'import', files, '--json']).status).toBe(0);
  const listed = JSON.parse(skr(['--library', library, 'list', '--json']).stdout) as { items: { id: number; path: string }[] };
  for (const d of listed.items) ids[path.basename(d.path)] = d.id;
  serve = await startServe(library);
});
afterAll(async () => {
  await serve?.stop();
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(serve.origin + path, { headers, redirect: 'manual' });
}

/** fetch() may not set Host; a raw request can, as a DNS-rebinding page would. */
function statusWithHost(host: string, headers: Record<string, string>): Promise<number> {
  const { port } = new URL(serve.origin);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { ...headers, Host: host } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('error', reject);
  });
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(serve.origin.replace('http', 'ws') + '/ws', { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('skr serve', () => {
  it('binds to loopback and prints a URL carrying the secret', () => {
    expect(new URL(serve.launchUrl).hostname).toBe('127.0.0.1');
    expect(serve.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 without the secret, and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/whatever.js')).status).toBe(401);
    expect((await get('/?k=wrong')).status).toBe(401);
    expect((await get('/', { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get('/', { Cookie: `skr-${new URL(serve.origin).port}=nope` })).status).toBe(401);
  });

  it('trades the secret in the URL for an HttpOnly cookie and serves the app with a strict CSP', async () => {
    const first = await get(`/?k=${serve.secret}`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const page = await get('/', { Cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<div id="root">');
  });

  it('refuses a foreign Origin and a foreign Host even with the secret', async () => {
    const auth = { Authorization: `Bearer ${serve.secret}` };
    expect((await get('/', { ...auth, Origin: 'http://evil.example' })).status).toBe(403);
    expect(await statusWithHost('evil.example', auth)).toBe(403);
    expect(await statusWithHost(new URL(serve.origin).host, auth)).toBe(200);
    expect((await get('/', { ...auth, Origin: serve.origin })).status).toBe(200);
  });

  it('serves Prometheus metrics behind the secret', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const res = await get('/metrics', { Authorization: `Bearer ${serve.secret}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of ['process_resident_memory_bytes', 'process_open_fds', 'process_cpu_seconds_total']) {
      expect(text).toMatch(new RegExp(`^${name}\\{[^}]*role="host"[^}]*\\} \\d`, 'm'));
    }
    const rss = Number(/^process_resident_memory_bytes\{[^}]*role="host"[^}]*\} (\d+)/m.exec(text)![1]);
    expect(rss).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('serves a raster image inline at full size, and every other stored copy only as a sandboxed download', async () => {
    const auth = { Authorization: `Bearer ${serve.secret}` };
    const preview = await get(`/files/${ids['photo.png']}/preview`, auth);
    expect(preview.status).toBe(200);
    expect(Object.fromEntries(['content-type', 'x-content-type-options', 'content-security-policy', 'content-disposition'].map((h) => [h, preview.headers.get(h)]))).toEqual({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'content-disposition': null,
    });
    expect((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).width).toBe(640);
    const thumbnail = await get(`/files/${ids['photo.png']}/thumbnail`, auth);
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(256);

    for (const name of ['drawing.svg', 'notes.txt']) {
      expect((await get(`/files/${ids[name]}/preview`, auth)).status).toBe(404);
      const original = await get(`/files/${ids[name]}/original`, auth);
      expect(original.headers.get('content-type')).toBe('application/octet-stream');
      expect(original.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${name}`);
      expect(original.headers.get('content-security-policy')).toBe('sandbox');
    }
    expect((await get(`/files/${ids['photo.png']}/preview`)).status).toBe(401);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2fpackage.json', { Authorization: `Bearer ${serve.secret}` });
    expect(await res.text()).not.toContain('"dependencies"');
  });

  it('refuses WebSocket upgrades without the secret or from a foreign Origin', async () => {
    await expect(openSocket({})).rejects.toThrow('HTTP 401');
    await expect(openSocket({ Authorization: `Bearer ${serve.secret}`, Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('carries the contract over the WebSocket and survives malformed messages', async () => {
    const ws = await openSocket({ Authorization: `Bearer ${serve.secret}`, Origin: serve.origin });
    ws.send('{not json');
    expect(await nextMessage(ws)).toMatchObject({ type: 'error' });
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app.info', input: {} }));
    const reply = await nextMessage(ws);
    expect(reply).toMatchObject({ type: 'result', id: 7, envelope: { ok: true, value: { transport: 'browser' } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 10, channel: 'library.stats' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 10, envelope: { ok: true, value: { documents: 3 } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'library.stats', input: { limit: 'x' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, envelope: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 9, channel: 'no.such', input: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 9, envelope: { ok: false, error: { code: 'unknown_channel' } } });
    ws.close();
  });
});
