import type { DroppedFile } from './collect-dropped';

/**
 * Browser mode's upload endpoint on `skr serve` (electron/host/upload.ts): one file per request,
 * streamed as the body; the first request opens an upload job, the others name it (`?job=ID`),
 * and `?job=ID&end=1` says the drop is complete. Answers `{ jobId }` or `{ error: { code, message } }`.
 */
export const UPLOAD_PATH = '/upload';
const PATH_HEADER = 'X-Relative-Path';
const MODIFIED_HEADER = 'X-Last-Modified';

export class UploadError extends Error {
  constructor(
    /** The server's reason (an ImportFailureReason or an error code). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one file; resolves to the job id the server put it in. */
export async function uploadFile(jobId: string | null, dropped: DroppedFile, signal: AbortSignal): Promise<string> {
  const url = jobId ? `${UPLOAD_PATH}?job=${encodeURIComponent(jobId)}` : UPLOAD_PATH;
  const response = await fetch(url, {
    method: 'POST',
    body: dropped.file,
    signal,
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/octet-stream',
      [PATH_HEADER]: encodeURIComponent(dropped.relativePath),
      [MODIFIED_HEADER]: String(dropped.file.lastModified),
    },
  });
  const body = (await response.json().catch(() => null)) as { jobId?: string; error?: { code?: string; message?: string } } | null;
  if (!response.ok || !body?.jobId) {
    throw new UploadError(body?.error?.code ?? 'internal', body?.error?.message ?? `upload refused (HTTP ${response.status})`);
  }
  return body.jobId;
}

/** Tells the server every file of the job was sent, so the job can finish. */
export async function endUpload(jobId: string): Promise<void> {
  await fetch(`${UPLOAD_PATH}?job=${encodeURIComponent(jobId)}&end=1`, { method: 'POST', credentials: 'same-origin' });
}
