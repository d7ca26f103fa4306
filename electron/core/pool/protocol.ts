/**
 * The message protocol between the process pool (parent) and a worker process, plus the task and
 * result shapes. Types only: both sides import it, neither pulls code from the other.
 */

/** Why a task failed, as a short code the UI can translate; `message` carries the detail. */
export type FailureReason =
  | 'unsupported'
  | 'corrupt'
  | 'too_large'
  | 'unreadable'
  | 'vanished'
  | 'timeout'
  | 'crashed'
  | 'out_of_memory'
  | 'cancelled';

/** Extract text, metadata and (for images) a thumbnail from one file on disk. */
export interface ExtractTask {
  kind: 'extract';
  /** Absolute path of the file to read. */
  path: string;
  /** Where the worker writes a 256 px WebP thumbnail if the file is an image. */
  thumbnailPath?: string;
  /** Upper bound of one streamed chunk in UTF-8 bytes; default and maximum 1 MiB. */
  maxChunkBytes?: number;
}

/**
 * Fault-injection tasks, accepted only when the parent started the worker with
 * `SKR_WORKER_TEST_HOOKS=1` in its environment; otherwise they fail as `unsupported`.
 */
export type DebugTask =
  | { kind: 'debug.crash' }
  | { kind: 'debug.hang' }
  | { kind: 'debug.oom' }
  | { kind: 'debug.sleep'; ms: number };

export type WorkerTask = ExtractTask | DebugTask;

/** What kind of document a file turned out to be. */
export type DocumentKind =
  | 'text'
  | 'markdown'
  | 'code'
  | 'csv'
  | 'json'
  | 'log'
  | 'html'
  | 'pdf'
  | 'docx'
  | 'epub'
  | 'odt'
  | 'image'
  | 'other';

/** A bounded piece of a document's text, streamed while the worker reads. */
export interface TextChunk {
  /** 0, 1, 2… in document order (restarts at 0 on a retried attempt). */
  ordinal: number;
  text: string;
  /** 1-based page number for paginated formats (PDF). */
  page?: number;
  /** Section (chapter, heading) the text belongs to, where the format has one. */
  section?: string;
}

/** Computed chunk by chunk while the text streams. */
export interface ContentMetrics {
  /** Unicode code points. */
  characters: number;
  /** Runs of non-whitespace. */
  words: number;
  /** Whole minutes at 230 words a minute, rounded up. */
  readingMinutes: number;
  /** ISO 639-1 code detected on a bounded sample of the text, or null when undecidable. */
  language: string | null;
}

export interface ImageInfo {
  width: number;
  height: number;
  /** Format as sharp names it: jpeg, png, webp, gif, tiff, avif, heif, svg… */
  format: string;
  /** EXIF DateTimeOriginal (or CreateDate) as `YYYY-MM-DDTHH:mm:ss`, the camera's wall-clock time (EXIF has no zone). */
  takenAt?: string;
  /** EXIF Make and Model, e.g. "Canon EOS 5D". */
  camera?: string;
  /** Set when a thumbnail was written to the task's `thumbnailPath`. */
  thumbnail?: { path: string; width: number; height: number };
}

export interface ExtractResult {
  kind: DocumentKind;
  mime: string;
  /** True when the file has no extractable text (images, unknown binaries, empty documents). */
  noText: boolean;
  title?: string;
  author?: string;
  /** Pages (PDF). */
  pages?: number;
  /** Sections started by level-1/2 headings (HTML, DOCX, EPUB, ODT). */
  sections?: number;
  /** Text encoding detected for plain-text formats (utf-8, utf-16le, utf-16be, windows-1252). */
  encoding?: string;
  metrics: ContentMetrics;
  /** Number of chunks streamed. */
  chunks: number;
  image?: ImageInfo;
}

/** Result of a debug task. */
export interface DebugResult {
  kind: 'debug';
  pid: number;
}

export type TaskResult = ExtractResult | DebugResult;

/** Parent → worker. */
export type ToWorker =
  | { type: 'task'; id: number; task: WorkerTask }
  /** Parent has consumed chunk `ordinal`; the worker keeps a small window of unacknowledged chunks. */
  | { type: 'ack'; id: number; ordinal: number }
  /** Give back task `id`, sent ahead, if it has not started: another worker is free for it. */
  | { type: 'drop'; id: number }
  | { type: 'shutdown' };

/** Worker → parent. Every message carries the worker's resident set size (read at most every 100 ms). */
export type FromWorker =
  | { type: 'ready'; pid: number; rss: number }
  /** `last`: the task's final chunk, which the parent does not acknowledge. */
  | { type: 'chunk'; id: number; chunk: TextChunk; last?: boolean; rss: number }
  | { type: 'done'; id: number; result: TaskResult; rss: number }
  | { type: 'failed'; id: number; reason: FailureReason; message: string; rss: number }
  /** Task `id` was given back unstarted (answer to 'drop'; no answer means it had started). */
  | { type: 'dropped'; id: number; rss: number };

/** Hard upper bound of one chunk's UTF-8 size. */
export const MAX_CHUNK_BYTES = 1024 * 1024;

/** Chunks a worker may send ahead of the parent's acknowledgements. */
export const CHUNK_WINDOW = 2;

/** Environment variable enabling the debug.* tasks in a worker. */
export const TEST_HOOKS_ENV = 'SKR_WORKER_TEST_HOOKS';
