import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RENDERER_CSP } from '../../shared/security';
import { WS_MAX_MESSAGE_BYTES, WS_PATH } from '../../shared/ws-protocol';
import type { Core } from '../core/app-core';
import { documentFile, parseDocumentFileUrl } from '../core/document-files';
import { renderPrometheus } from '../core/monitor';
import { LaunchSecret } from './launch-secret';
import { handleUpload } from './upload';
import { serveFile, serveStatic } from './static-files';
import { bindSocket } from './ws-binding';

export interface ServerOptions {
  core: Core;
  rendererDir: string;
  host?: string;
  port?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  /** The URL with the per-launch secret, the one to open. */
  launchUrl: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Browser mode: the built renderer over HTTP and the contract over a WebSocket, on loopback, behind
 * a per-launch secret. Requests naming another Host (DNS rebinding) or Origin are refused.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((m: string) => console.error(m));
  let port = 0;
  const secret = new LaunchSecret(() => port);
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${hostForUrl(host)}:${port}`]);
  const allowedOrigins = () => new Set([...allowedHosts()].map((h) => `http://${h}`));

  function refuse(req: IncomingMessage, url: URL): number | null {
    if (!allowedHosts().has(req.headers.host ?? '')) return 403;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return 403;
    if (!secret.isAuthorised(req, url)) return 401;
    return null;
  }

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log(`[serve] ${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const status = refuse(req, url);
    if (status) {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status === 401 ? 'Unauthorized: open the URL printed by `skr serve`.\n' : 'Forbidden\n');
      return;
    }
    if (secret.matches(secret.fromQuery(url))) {
      // Trade the secret in the URL for a cookie and drop it from the address bar.
      url.searchParams.delete('k');
      res.writeHead(302, { 'Set-Cookie': secret.setCookieHeader(), Location: url.pathname + url.search });
      res.end();
      return;
    }
    if (url.pathname === '/upload') {
      await handleUpload(req, res, options.core.ingest);
      return;
    }
    if (url.pathname === '/metrics') {
      const sample = options.core.monitor.latest() ?? options.core.monitor.tick();
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(renderPrometheus(sample));
      return;
    }
    const fileRequest = parseDocumentFileUrl(url.pathname);
    if (fileRequest) {
      const file = await documentFile(options.core, fileRequest.id, fileRequest.kind).catch(() => null);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      await serveFile(res, file.path, file.headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const status = url.pathname === WS_PATH ? refuse(req, url) : 404;
    if (status) {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      bindSocket(ws, options.core, log);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://${hostForUrl(host)}:${port}`;

  return {
    url: `${base}/`,
    launchUrl: `${base}/?k=${secret.value}`,
    port,
    secret: secret.value,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
