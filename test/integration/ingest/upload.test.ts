import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleUpload } from '../../../electron/host/upload';
import { openIngestRig, type IngestRig } from './ingest-fixture';

let rig: IngestRig;
let server: http.Server;
let base: string;

beforeAll(async () => {
  rig = await openIngestRig({ maxUploadBytes: 64 * 1024 });
  server = http.createServer((req, res) => void handleUpload(req, res, rig.ingest));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rig?.dispose();
});

async function upload(query: string, relativePath: string | null, body: string | Buffer | null) {
  const headers: Record<string, string> = {};
  if (relativePath !== null) headers['X-Relative-Path'] = encodeURIComponent(relativePath);
  const response = await fetch(`${base}${query}`, { method: 'POST', headers, body: typeof body === 'string' || body === null ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as { jobId?: string; error?: { code: string; message: string } } };
}

describe('browser-mode uploads', () => {
  it('streams a dropped folder, file by file, into one job and makes it searchable', async () => {
    const first = await upload('', 'trip/day one.md', '# Day one\n\nWe saw a flock of flamingos at dawn.\n');
    expect(first.status).toBe(201);
    const jobId = first.body.jobId!;
    expect((await upload(`?job=${jobId}`, 'trip/day two.txt', 'The second day brought spoonbills.\n')).body.jobId).toBe(jobId);
    expect((await upload(`?job=${jobId}`, 'trip/copy.txt', 'The second day brought spoonbills.\n')).status).toBe(201);
    expect((await upload(`?job=${jobId}&end=1`, null, null)).status).toBe(200);
    const summary = await rig.ingest.whenFinished(jobId);
    expect(summary).toMatchObject({ state: 'completed', imported: 2, duplicates: 1, failed: [] });
    const hit = (await rig.library.search({ query: 'flamingos' })).hits[0]!;
    expect(hit).toMatchObject({ title: 'Day one', type: 'markdown' });
    expect((await rig.library.getDocument(hit.id)).metadata).toMatchObject({ uploadPath: 'trip/day one.md' });
  });

  it('refuses a body over the cap, an unsafe path, and a request without a path, leaving nothing behind', async () => {
    const big = await upload('', 'big.txt', Buffer.alloc(100 * 1024, 'a'));
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect((await upload('', '../escape.txt', 'x')).status).toBe(400);
    expect((await upload('', '/etc/passwd', 'x')).status).toBe(400);
    expect((await upload('', null, 'x')).status).toBe(400);
    expect(await readdir(rig.ingest.blobs.tmpDir)).toEqual([]);
  });
});
