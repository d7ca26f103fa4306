import { create } from 'zustand';
import { ImportFailureReason, type ImportFailure, type ImportJobState, type ImportProgress, type ImportSummary } from '../../shared/channels/import';
import { call, kb } from '../api/kb';
import { messageOf } from '../components/format';
import type { DroppedFile } from '../features/import/collect-dropped';
import { endUpload, UploadError, uploadFile } from '../features/import/upload-client';
import { useLibrary } from './library-store';

export interface UploadFigures {
  filesTotal: number;
  bytesTotal: number;
  filesSent: number;
  bytesSent: number;
  current: string | null;
}

export interface ImportJobView {
  /** Local key; stays the same when the server's job id becomes known. */
  key: string;
  jobId: string | null;
  source: 'paths' | 'upload';
  state: ImportJobState | 'uploading';
  progress: ImportProgress | null;
  /** Browser mode: the renderer's own sending of the files. */
  upload: UploadFigures | null;
  problems: ImportFailure[];
  summary: ImportSummary | null;
}

interface ImportState {
  jobs: ImportJobView[];
  importPaths(paths: string[]): Promise<void>;
  importFiles(files: DroppedFile[]): Promise<void>;
  cancel(key: string): Promise<void>;
  retryFailed(key: string): Promise<void>;
  dismiss(key: string): void;
  /** Subscribes to the import events; returns the unsubscribe. */
  connect(): () => void;
}

const LIBRARY_REFRESH_MS = 800;
let nextKey = 1;
/** Per upload job: the files sent (for "retry failed") and the way to stop sending. */
const uploads = new Map<string, { files: DroppedFile[]; controller: AbortController }>();

export const isOver = (job: ImportJobView) => job.state === 'completed' || job.state === 'cancelled' || job.state === 'failed';

export const useImport = create<ImportState>((set, get) => {
  const patch = (key: string, change: Partial<ImportJobView> | ((job: ImportJobView) => Partial<ImportJobView>)) =>
    set({ jobs: get().jobs.map((j) => (j.key === key ? { ...j, ...(typeof change === 'function' ? change(j) : change) } : j)) });

  const add = (job: Omit<ImportJobView, 'key' | 'progress' | 'problems' | 'summary'>): string => {
    const key = `import-${nextKey++}`;
    set({ jobs: [{ key, progress: null, problems: [], summary: null, ...job }, ...get().jobs] });
    return key;
  };

  /** The view of a server job: known, or an upload still waiting for its id, or a new one (e.g. from the CLI). */
  const viewFor = (jobId: string): string => {
    const jobs = get().jobs;
    const known = jobs.find((j) => j.jobId === jobId) ?? jobs.find((j) => j.source === 'upload' && j.jobId === null && j.state === 'uploading');
    if (known) {
      if (known.jobId === null) patch(known.key, { jobId });
      return known.key;
    }
    return add({ jobId, source: 'paths', state: 'queued', upload: null });
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshLibrary = () => {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      void useLibrary.getState().reload();
    }, LIBRARY_REFRESH_MS);
  };

  /** Failures are listed as they happen: fetched when the failed count grows (events, no polling). */
  async function fetchProblems(key: string, jobId: string): Promise<void> {
    try {
      const job = (await call('import.jobs')).find((j) => j.id === jobId);
      if (job) patch(key, (view) => ({ problems: mergeProblems(view.problems, job.failed) }));
    } catch {
      // The summary carries them at the end anyway.
    }
  }

  return {
    jobs: [],

    async importPaths(paths) {
      const key = add({ jobId: null, source: 'paths', state: 'queued', upload: null });
      try {
        const { jobId } = await call('import.start', { paths });
        const duplicate = get().jobs.find((j) => j.jobId === jobId && j.key !== key);
        if (duplicate) set({ jobs: get().jobs.filter((j) => j.key !== key) });
        else patch(key, { jobId });
      } catch (error) {
        patch(key, { state: 'failed', problems: [{ path: paths.join(', '), reason: 'unreadable', message: messageOf(error) }] });
      }
    },

    async importFiles(files) {
      const bytesTotal = files.reduce((n, f) => n + f.file.size, 0);
      const key = add({
        jobId: null,
        source: 'upload',
        state: 'uploading',
        upload: { filesTotal: files.length, bytesTotal, filesSent: 0, bytesSent: 0, current: null },
      });
      const controller = new AbortController();
      uploads.set(key, { files, controller });
      const problems: ImportFailure[] = [];
      let jobId: string | null = null;
      for (const dropped of files) {
        if (controller.signal.aborted) break;
        patch(key, (j) => ({ upload: { ...j.upload!, current: dropped.relativePath } }));
        try {
          jobId = await uploadFile(get().jobs.find((j) => j.key === key)?.jobId ?? jobId, dropped, controller.signal);
          if (!get().jobs.find((j) => j.key === key)?.jobId) patch(key, { jobId });
        } catch (error) {
          if (controller.signal.aborted) break;
          const code = error instanceof UploadError ? ImportFailureReason.safeParse(error.code) : null;
          const reason = code?.success ? code.data : 'unreadable';
          problems.push({ path: dropped.relativePath, reason, message: messageOf(error) });
          patch(key, (j) => ({ problems: mergeProblems(j.problems, problems) }));
        }
        patch(key, (j) => ({ upload: { ...j.upload!, filesSent: j.upload!.filesSent + 1, bytesSent: j.upload!.bytesSent + dropped.file.size } }));
      }
      patch(key, (j) => ({ upload: { ...j.upload!, current: null } }));
      // A cancelled drop's job is cancelled, not ended (cancel() may not have known its id yet).
      if (jobId && controller.signal.aborted) await call('import.cancel', { jobId }).catch(() => undefined);
      else if (jobId) await endUpload(jobId).catch(() => undefined);
      const job = get().jobs.find((j) => j.key === key);
      if (job?.state === 'uploading') patch(key, { state: controller.signal.aborted ? 'cancelled' : jobId ? 'running' : 'failed' });
    },

    async cancel(key) {
      uploads.get(key)?.controller.abort();
      const job = get().jobs.find((j) => j.key === key);
      if (!job) return;
      if (job.state === 'uploading' && !job.jobId) patch(key, { state: 'cancelled' });
      if (job.jobId) {
        try {
          await call('import.cancel', { jobId: job.jobId });
        } catch (error) {
          patch(key, (j) => ({ problems: [...j.problems, { path: '', reason: 'cancelled', message: messageOf(error) }] }));
        }
      }
    },

    async retryFailed(key) {
      const job = get().jobs.find((j) => j.key === key);
      if (!job) return;
      const failed = new Set(job.problems.map((p) => p.path));
      const sent = uploads.get(key);
      if (sent) {
        await get().importFiles(sent.files.filter((f) => failed.has(f.relativePath)));
        return;
      }
      if (!job.jobId) return;
      const { jobId } = await call('import.retryFailed', { jobId: job.jobId });
      if (jobId && !get().jobs.some((j) => j.jobId === jobId)) add({ jobId, source: 'paths', state: 'queued', upload: null });
    },

    dismiss(key) {
      uploads.delete(key);
      set({ jobs: get().jobs.filter((j) => j.key !== key) });
    },

    connect() {
      const offs = [
        kb.subscribe('import.progress', (progress) => {
          const key = viewFor(progress.jobId);
          const before = get().jobs.find((j) => j.key === key);
          patch(key, (j) => ({ progress, state: j.state === 'uploading' && progress.state === 'running' ? 'uploading' : progress.state }));
          if (progress.failed > (before?.problems.length ?? 0)) void fetchProblems(key, progress.jobId);
        }),
        kb.subscribe('import.document', () => refreshLibrary()),
        kb.subscribe('import.finished', (summary) => {
          const key = viewFor(summary.jobId);
          patch(key, (j) => ({ summary, state: summary.state, problems: mergeProblems(j.problems, summary.failed) }));
          refreshLibrary();
        }),
      ];
      return () => offs.forEach((off) => off());
    },
  };
});

function mergeProblems(current: ImportFailure[], more: ImportFailure[]): ImportFailure[] {
  const seen = new Set(current.map((p) => `${p.path}\0${p.reason}`));
  return [...current, ...more.filter((p) => !seen.has(`${p.path}\0${p.reason}`))];
}

/** Overall share done, 0–1: for uploads, sending and importing each count half. */
export function fractionDone(job: ImportJobView): number {
  if (job.state === 'completed') return 1;
  const p = job.progress;
  const upload = job.upload;
  if (upload) {
    const total = upload.bytesTotal || 1;
    const sent = upload.bytesTotal ? upload.bytesSent : upload.filesSent;
    const done = p ? (upload.bytesTotal ? p.bytesDone : p.filesDone) : 0;
    return Math.min(1, (sent + done) / (2 * (upload.bytesTotal ? total : upload.filesTotal || 1)));
  }
  if (!p) return 0;
  if (p.bytesTotal) return Math.min(1, p.bytesDone / p.bytesTotal);
  return p.filesTotal ? p.filesDone / p.filesTotal : 0;
}
