import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../core/api/app-error';
import type { IngestService } from '../core/ingest';
import { ImportError } from '../core/ingest/failure-reason';

/** Header naming the file's path inside the drop (URL-encoded), e.g. `photos%2F2024%2Fbeach.jpg`. */
export const RELATIVE_PATH_HEADER = 'x-relative-path';
/** Optional header: the file's modification time in epoch milliseconds (File.lastModified). */
export const LAST_MODIFIED_HEADER = 'x-last-modified';

const STATUS_BY_REASON: Record<string, number> = { too_large: 413, disk_full: 507, cancelled: 409 };
const STATUS_BY_CODE: Record<string, number> = { not_found: 404, conflict: 409, unavailable: 503, invalid_input: 400 };

/**
 * Browser-mode drops, mounted by the server at `POST /upload` (already authorised): one file per
 * request, its body streamed straight into the library's blob store (hashed on the way, never
 * held whole), into the upload job named by `?job=ID` or a new one. `?job=ID&end=1` with no body
 * says the drop is complete. Answers `{ jobId }`, or `{ error: { code, message } }`.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, ingest: IngestService): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const jobId = url.searchParams.get('job') ?? undefined;
  try {
    if (req.method !== 'POST') return reply(res, 405, { error: { code: 'invalid_input', message: 'use POST' } });
    if (url.searchParams.get('end') === '1') {
      if (!jobId || !ingest.endUpload(jobId)) throw new AppError('not_found', `No upload job ${jobId ?? ''}`);
      return reply(res, 200, { jobId });
    }
    const relativePath = parseRelativePath(req.headers[RELATIVE_PATH_HEADER]);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > ingest.maxUploadBytes) {
      throw new ImportError('too_large', `${declared} bytes is over the upload limit of ${ingest.maxUploadBytes}`);
    }
    const modified = Number(req.headers[LAST_MODIFIED_HEADER]);
    const result = await ingest.upload(jobId, relativePath, req, Number.isFinite(modified) && modified > 0 ? modified : undefined);
    reply(res, 201, result);
  } catch (error) {
    const { status, code, message } = describe(error);
    // The rest of a refused body is not read: close the connection rather than drain it.
    res.setHeader('Connection', 'close');
    reply(res, status, { error: { code, message } });
    if (!req.readableEnded) req.destroy();
  }
}

/** Decodes and checks the relative path: no absolute path, no `..`, no NUL, at most 1,024 characters. */
export function parseRelativePath(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new AppError('invalid_input', `the ${RELATIVE_PATH_HEADER} header is required`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new AppError('invalid_input', `${RELATIVE_PATH_HEADER} is not valid URL encoding`);
  }
  const parts = decoded.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || decoded.length > 1024 || decoded.includes('\0') || parts.includes('..') || /^([\\/]|[A-Za-z]:)/.test(decoded)) {
    throw new AppError('invalid_input', `${RELATIVE_PATH_HEADER} must be a relative path inside the drop`);
  }
  return parts.join('/');
}

function describe(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof ImportError) return { status: STATUS_BY_REASON[error.reason] ?? 422, code: error.reason, message: error.message };
  if (error instanceof AppError) return { status: STATUS_BY_CODE[error.code] ?? 500, code: error.code, message: error.message };
  return { status: 500, code: 'internal', message: 'the upload failed unexpectedly' };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
