import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelNames, channels } from '../../../shared/contract';
import { ClientMessage, ServerMessage, WS_MAX_MESSAGE_BYTES } from '../../../shared/ws-protocol';
import { startServe, tempDir, type ServeHandle } from '../../support/skr';
import { arbitraryFor } from './support/contract-arbitrary';
import { envelopeProblem } from './support/envelope-checks';
import { listeningSockets } from './support/listening-sockets';

let serve: ServeHandle;
let libraryDir: string;
let port: number;

beforeAll(async () => {
  libraryDir = tempDir('skr-boundary-lib-');
  serve = await startServe(libraryDir);
  port = Number(new URL(serve.origin).port);
});
afterAll(async () => {
  await serve?.stop();
});

/** A raw request, so Host, Origin and method are exactly what a hostile page or tool would send. */
function request(options: {
  host?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  connectTo?: string;
  body?: string;
}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.connectTo ?? '127.0.0.1',
        port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function openSocket(
  headers: Record<string, string> = {
    Authorization: `Bearer ${serve?.secret}`,
    Origin: serve?.origin,
  },
): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers, maxPayload: 64 * 1024 * 1024 });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const PING_ID = 9_007_199_254_740_990;

/** Sends `frame`, then an app.info ping; resolves with every message the server sent before the ping's answer. */
function exchange(ws: WebSocket, frame: string | Buffer): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const seen: unknown[] = [];
    const timer = setTimeout(() => reject(new Error('no answer to the ping within 10 s')), 10_000);
    const onClose = (code: number) => reject(new Error(`the server closed the socket (${code})`));
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number };
      if (message.type === 'result' && message.id === PING_ID) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(seen);
      } else seen.push(message);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(frame, { binary: Buffer.isBuffer(frame) });
    ws.send(JSON.stringify({ type: 'invoke', id: PING_ID, channel: 'app.info' }));
  });
}

/** One invoke, answered by its id. */
function invokeOver(ws: WebSocket, channel: string, input?: unknown): Promise<unknown> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        envelope?: unknown;
      };
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.envelope);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
  });
}

function checkReplies(replies: unknown[]): void {
  for (const reply of replies) {
    const parsed = ServerMessage.parse(reply);
    if (parsed.type === 'result') {
      const problem = envelopeProblem(parsed.envelope as never);
      if (problem) throw new Error(problem);
    }
    if (parsed.type === 'error') expect(parsed.message).toBe('Malformed message');
  }
}

describe('browser mode refuses what is not the app', () => {
  it('listens on loopback only', () => {
    const sockets = listeningSockets(serve.child.pid!);
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) expect(socket.address).toBe('127.0.0.1');
    expect(sockets.map((s) => s.port)).toContain(port);
  });

  it('cannot be reached on any non-loopback address of this machine', async () => {
    const external = Object.entries(os.networkInterfaces()).flatMap(([name, addresses]) =>
      (addresses ?? [])
        .filter((a) => !a.internal)
        .map((a) => (a.family === 'IPv6' && a.scopeid ? `${a.address}%${name}` : a.address)),
    );
    for (const address of external) {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
        const socket = net.connect({ host: address, port }, () => {
          socket.destroy();
          resolve(null);
        });
        socket.on('error', resolve);
      });
      expect(error?.code, `connect to ${address}:${port}`).toBe('ECONNREFUSED');
    }
  });

  it('refuses every route without the secret, with a wrong one, or from a foreign Origin or Host', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/'],
      ['GET', '/index.html'],
      ['GET', '/assets/index.js'],
      ['POST', '/upload'],
      ['POST', '/upload?end=1&job=x'],
    ];
    const bearer = { Authorization: `Bearer ${serve.secret}` };
    for (const [method, path] of routes) {
      expect(await request({ method, path }), `${method} ${path} without secret`).toBe(401);
      expect(
        await request({
          method,
          path,
          headers: { Authorization: `Bearer ${serve.secret.slice(1)}x` },
        }),
      ).toBe(401);
      expect(
        await request({
          method,
          path,
          headers: { Cookie: `skr-${port}=${'A'.repeat(serve.secret.length)}` },
        }),
      ).toBe(401);
      expect(
        await request({
          method,
          path: `${path}${path.includes('?') ? '&' : '?'}k=${serve.secret.toUpperCase()}`,
        }),
      ).toBe(401);
      expect(
        await request({ method, path, headers: { ...bearer, Origin: 'http://evil.example' } }),
      ).toBe(403);
      expect(await request({ method, path, headers: { ...bearer, Origin: 'null' } })).toBe(403);
      expect(await request({ method, path, host: `192.0.2.77:${port}`, headers: bearer })).toBe(
        403,
      );
      expect(await request({ method, path, host: `evil.example:${port}`, headers: bearer })).toBe(
        403,
      );
    }
    // Refused uploads wrote nothing into the library.
    expect(
      readdirSync(libraryDir).some(
        (name) => name.startsWith('blobs') && readdirSync(`${libraryDir}/${name}`).length > 0,
      ),
    ).toBe(false);
  });

  it('refuses WebSocket upgrades without the secret, with a wrong one, or from a foreign Origin', async () => {
    await expect(openSocket({})).rejects.toThrow('HTTP 401');
    await expect(openSocket({ Authorization: 'Bearer wrong' })).rejects.toThrow('HTTP 401');
    await expect(
      openSocket({
        Authorization: `Bearer ${serve.secret}`,
        Origin: 'http://127.0.0.1.evil.example',
      }),
    ).rejects.toThrow('HTTP 403');
    await expect(
      openSocket({ Authorization: `Bearer ${serve.secret}`, Host: `evil.example:${port}` }),
    ).rejects.toThrow('HTTP 403');
  });
});

describe('the WebSocket transport under hostile frames', () => {
  it('answers random text frames with an error or a valid envelope, and keeps serving', async () => {
    const ws = await openSocket();
    const frames = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('', 'null', '[]', '{}', '"invoke"', '{"type":"invoke"}'),
    );
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => checkReplies(await exchange(ws, frame))),
      { numRuns: 150 },
    );
    ws.close();
  });

  it('answers protocol-shaped messages with wrong types, and invokes of every channel with random input', async () => {
    const ws = await openSocket();
    const confined = channelNames.filter((c) => c !== 'import.start');
    const invokes = fc.constantFrom(...confined).chain((channel) =>
      arbitraryFor(channels[channel].input).map((input) => ({
        type: 'invoke',
        id: 1,
        channel,
        input,
      })),
    );
    const messages = fc.oneof(arbitraryFor(ClientMessage), invokes);
    await fc.assert(
      fc.asyncProperty(messages, async (message) => {
        let frame: string;
        try {
          frame = JSON.stringify(message) ?? 'undefined';
        } catch {
          frame = String(typeof message); // BigInt and the like cannot be sent as JSON
        }
        checkReplies(await exchange(ws, frame));
      }),
      { numRuns: 300 },
    );
    ws.close();
  });

  it('answers binary frames with an error', async () => {
    const ws = await openSocket();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const replies = await exchange(ws, Buffer.from(bytes));
        expect(replies).toEqual([{ type: 'error', message: 'Malformed message' }]);
      }),
      { numRuns: 50 },
    );
    ws.close();
  });

  it('closes a socket that sends a frame over the size limit, and serves new sockets after', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(Buffer.alloc(WS_MAX_MESSAGE_BYTES + 1024, 0x61).toString());
    expect(await closed).toBe(1009);

    const fresh = await openSocket();
    expect(await invokeOver(fresh, 'library.stats')).toMatchObject({ ok: true });
    fresh.close();
    expect(serve.child.exitCode).toBeNull();
  });

  it('survives a burst of large valid-size frames and many sockets at once', async () => {
    const sockets = await Promise.all(Array.from({ length: 8 }, () => openSocket()));
    const nearLimit = JSON.stringify({
      type: 'invoke',
      id: 3,
      channel: 'search.query',
      input: { query: 'x'.repeat(WS_MAX_MESSAGE_BYTES - 200) },
    });
    const all = await Promise.all(sockets.map((ws) => exchange(ws, nearLimit)));
    for (const replies of all)
      expect(replies).toMatchObject([
        { type: 'result', id: 3, envelope: { ok: false, error: { code: 'invalid_input' } } },
      ]);
    expect(await invokeOver(sockets[0]!, 'search.query', { query: 'anything' })).toMatchObject({
      ok: true,
    });
    for (const ws of sockets) ws.close();
    expect(serve.child.exitCode).toBeNull();
  });
});
