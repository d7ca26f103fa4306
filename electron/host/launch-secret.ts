import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Browser mode's per-launch secret. The printed URL carries it once (`/?k=…`); the server swaps it
 * for an HttpOnly, SameSite=Strict cookie named after the port, so pages, assets and the WebSocket
 * are authorised and the secret leaves the address bar. Scripts may send `Authorization: Bearer`.
 */
export class LaunchSecret {
  readonly value = randomBytes(32).toString('base64url');
  private readonly expected = Buffer.from(this.value);

  constructor(private readonly port: () => number) {}

  get cookieName(): string {
    return `skr-${this.port()}`;
  }

  matches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }

  fromQuery(url: URL): string | null {
    return url.searchParams.get('k');
  }

  isAuthorised(req: IncomingMessage, url: URL): boolean {
    if (this.matches(this.fromQuery(url))) return true;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && this.matches(auth.slice(7))) return true;
    return this.matches(readCookie(req.headers.cookie, this.cookieName));
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.value}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
