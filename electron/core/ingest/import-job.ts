import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type {
  ImportFailure,
  ImportJob as ImportJobInfo,
  ImportedDocument,
  ImportSkip,
  ImportSummary,
} from '../../../shared/channels/import';
import type { Library } from '../library';
import type { ExtractResult } from '../pool/protocol';
import type { ProcessPool } from '../pool/process-pool';
import type { BlobStore, StagedBlob } from './blob-store';
import { DocumentBatcher, StreamedDocument, type FinalDocument, type LibraryWriter } from './document-sink';
import { ImportError, toImportFailure } from './failure-reason';
import { lookahead } from './lookahead';
import { ProgressTracker } from './progress';
import { Semaphore } from './semaphore';
import type { WalkEntry } from './walker';

/** One thing to import: an entry of the walk, or an upload already copied into the library. */
export type WorkItem = WalkEntry | { type: 'staged'; path: string; staged: StagedBlob; modifiedAt?: number | null };

export interface JobDeps {
  library: LibraryWriter & Pick<Library, 'findBySha256'>;
  pool: Pick<ProcessPool, 'run'>;
  blobs: BlobStore;
  /** Bounds the file handles of the whole import. */
  handles: Semaphore;
  /** Files copied or extracted at once. */
  concurrency: number;
  /** Walk entries seen ahead of the work, so totals lead. */
  lookahead: number;
  /** Failures and skips kept per job; the rest are only counted. */
  maxReported: number;
  thumbnailsDir: string;
  onChange(job: ImportJob): void;
  onDocument(doc: ImportedDocument): void;
  log(message: string): void;
}

type Source = 'paths' | 'upload';

/** Failures and skips listed in `info()` (the summary has them all, up to `maxReported`). */
const LISTED_IN_INFO = 500;

/** One import: its walk (or upload queue), the files in flight, its counters and its reports. */
export class ImportJob {
  readonly createdAt = Date.now();
  startedAt: number | null = null;
  finishedAt: number | null = null;
  readonly progress: ProgressTracker;
  readonly failures: ImportFailure[] = [];
  readonly skips: ImportSkip[] = [];
  omitted = 0;
  private readonly controller = new AbortController();
  private readonly shasInFlight = new Set<string>();
  private finished: Promise<ImportSummary> | undefined;

  constructor(
    readonly id: string,
    readonly source: Source,
    readonly paths: string[],
    private readonly items: (signal: AbortSignal) => AsyncIterable<WorkItem>,
    private readonly deps: JobDeps,
  ) {
    this.progress = new ProgressTracker(id);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isOver(): boolean {
    return this.finishedAt !== null;
  }

  run(): Promise<ImportSummary> {
    this.finished ??= this.execute();
    return this.finished;
  }

  cancel(): void {
    if (this.isOver) return;
    this.controller.abort();
    if (this.progress.state === 'queued') {
      this.progress.state = 'cancelled';
      this.finishedAt = Date.now();
      this.deps.onChange(this);
    }
  }

  info(): ImportJobInfo {
    return {
      id: this.id,
      source: this.source,
      paths: this.paths,
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      progress: this.progress.snapshot(),
      failed: this.failures.slice(0, LISTED_IN_INFO),
      skipped: this.skips.slice(0, LISTED_IN_INFO),
    };
  }

  summary(): ImportSummary {
    const p = this.progress;
    return {
      jobId: this.id,
      state: p.state,
      imported: p.imported,
      duplicates: p.duplicates,
      failed: this.failures,
      skipped: this.skips,
      omitted: this.omitted,
      bytes: p.bytesDone,
      ms: this.startedAt === null ? 0 : (this.finishedAt ?? Date.now()) - this.startedAt,
    };
  }

  private async execute(): Promise<ImportSummary> {
    const p = this.progress;
    if (this.signal.aborted) return this.summary();
    p.state = 'running';
    this.startedAt = Date.now();
    this.deps.onChange(this);
    const batcher = new DocumentBatcher(this.deps.library);
    const slots = new Semaphore(this.deps.concurrency);
    const running = new Set<Promise<void>>();
    try {
      await mkdir(this.deps.thumbnailsDir, { recursive: true });
      const seen = lookahead(this.items(this.signal), this.deps.lookahead, {
        onItem: (item) => this.count(item),
        onEnd: () => {
          p.walking = false;
          this.deps.onChange(this);
        },
      });
      for await (const item of seen) {
        if (item.type !== 'file' && item.type !== 'staged') continue;
        const release = await slots.acquire();
        if (this.signal.aborted) {
          release();
          await this.discardItem(item);
          break;
        }
        const task = this.importOne(item, batcher, release).finally(() => {
          release();
          running.delete(task);
        });
        running.add(task);
      }
      await Promise.all(running);
      await batcher.flush();
      p.state = this.signal.aborted ? 'cancelled' : 'completed';
    } catch (error) {
      this.deps.log(`import ${this.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.controller.abort();
      await Promise.allSettled(running);
      p.state = 'failed';
    } finally {
      batcher.discard(new ImportError('cancelled', 'the import was cancelled'));
      p.walking = false;
      p.currentFile = null;
      this.finishedAt = Date.now();
      this.deps.onChange(this);
    }
    return this.summary();
  }

  /** Counts an item as the walk yields it; reports skips and walk failures at once. */
  private count(item: WorkItem): boolean {
    const p = this.progress;
    if (item.type === 'skipped') {
      p.skipped++;
      this.report(this.skips, { path: item.path, reason: item.reason });
    } else if (item.type === 'failed') {
      p.failed++;
      this.report(this.failures, { path: item.path, reason: item.reason, message: item.message });
    } else {
      p.filesTotal++;
      p.bytesTotal += item.type === 'file' ? item.size : item.staged.size;
      this.deps.onChange(this);
      return true;
    }
    this.deps.onChange(this);
    return false;
  }

  private report<T>(list: T[], entry: T): void {
    if (list.length < this.deps.maxReported) list.push(entry);
    else this.omitted++;
  }

  private async discardItem(item: WorkItem): Promise<void> {
    if (item.type === 'staged') await this.deps.blobs.discard(item.staged.tmpPath);
  }

  private async importOne(item: Extract<WorkItem, { type: 'file' | 'staged' }>, batcher: DocumentBatcher, releaseSlot: () => void): Promise<void> {
    const { blobs, library, pool } = this.deps;
    const p = this.progress;
    const size = item.type === 'file' ? item.size : item.staged.size;
    p.currentFile = item.path;
    let staged: StagedBlob | undefined;
    let promoted = false;
    let document: StreamedDocument | undefined;
    let thumbnail: string | undefined;
    let ownsSha = false;
    try {
      staged = item.type === 'staged' ? item.staged : await blobs.stageFile(item.path, item, { limiter: this.deps.handles, signal: this.signal });
      const inLibrary = !this.shasInFlight.has(staged.sha256) && (await library.findBySha256(staged.sha256))?.state === 'ready';
      if (inLibrary || this.shasInFlight.has(staged.sha256)) {
        p.duplicates++;
        await blobs.discard(staged.tmpPath);
        return;
      }
      this.shasInFlight.add(staged.sha256);
      ownsSha = true;
      const title = path.basename(item.path);
      const modifiedAt = item.type === 'file' ? Math.round(item.mtimeMs) : (item.modifiedAt ?? null);
      document = new StreamedDocument(this.deps.library, batcher, {
        title,
        kind: 'other',
        size: staged.size,
        sha256: staged.sha256,
        originalPath: item.type === 'file' ? item.path : null,
        modifiedAt,
      });
      thumbnail = path.join(this.deps.thumbnailsDir, `${staged.sha256}.webp`);
      const doc = document;
      const result = await pool.run(
        { kind: 'extract', path: staged.tmpPath, thumbnailPath: thumbnail },
        { signal: this.signal, onChunk: (chunk, { attempt }) => doc.add(chunk, attempt) },
      );
      // A type we cannot read is still kept: searchable by its name, marked "no text".
      await blobs.promote(staged);
      promoted = true;
      const committed = document.commit(finalOf(result, this.deps.thumbnailsDir, item.type === 'staged' ? item.path : undefined));
      releaseSlot();
      const id = await committed;
      p.imported++;
      this.deps.onDocument({ jobId: this.id, id, title: result.title?.trim() || title, kind: result.kind, path: item.type === 'file' ? item.path : null });
    } catch (error) {
      await document?.abort().catch((e: unknown) => this.deps.log(`import ${this.id}: abort failed: ${String(e)}`));
      if (thumbnail) await rm(thumbnail, { force: true });
      if (staged && !promoted) await blobs.discard(staged.tmpPath);
      if (staged && promoted && !(await library.findBySha256(staged.sha256))) await blobs.remove(staged.sha256);
      if (!this.signal.aborted) {
        p.failed++;
        this.report(this.failures, { path: item.path, ...toImportFailure(error) });
      }
    } finally {
      if (ownsSha && staged) this.shasInFlight.delete(staged.sha256);
      p.filesDone++;
      p.bytesDone += size;
      this.deps.onChange(this);
    }
  }
}

function finalOf(result: ExtractResult, thumbnailsDir: string, uploadPath: string | undefined): FinalDocument {
  const { metrics } = result;
  const metadata: Record<string, unknown> = {
    mime: result.mime,
    ...(result.author && { author: result.author }),
    ...(result.pages !== undefined && { pages: result.pages }),
    ...(result.sections !== undefined && { sections: result.sections }),
    ...(result.encoding && { encoding: result.encoding }),
    ...(result.image && { image: result.image }),
    ...(uploadPath && { uploadPath }),
  };
  const thumb = result.image?.thumbnail;
  return {
    kind: result.kind,
    mime: result.mime,
    title: result.title?.trim() || undefined,
    language: metrics.language,
    metrics: { chars: metrics.characters, words: metrics.words, readingMinutes: metrics.readingMinutes },
    metadata,
    thumbnail: thumb ? path.relative(path.dirname(thumbnailsDir), thumb.path).split(path.sep).join('/') : null,
    noText: result.noText,
  };
}
