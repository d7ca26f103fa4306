import type { ImportFailureReason } from '../../../shared/channels/import';
import { formatBytes, formatDuration } from '../../components/format';
import { fractionDone, isOver, useImport, type ImportJobView } from '../../stores/import-store';

const REASONS: Record<ImportFailureReason, string> = {
  unsupported: 'Unsupported file type',
  corrupt: 'Damaged or unreadable content',
  too_large: 'Too large',
  unreadable: 'Could not be read',
  vanished: 'Disappeared during import',
  changed: 'Changed during import',
  timeout: 'Took too long',
  disk_full: 'Disk full',
  crashed: 'The extractor crashed',
  out_of_memory: 'Ran out of memory',
  cancelled: 'Cancelled',
};

const TITLES: Record<ImportJobView['state'], string> = {
  uploading: 'Importing',
  queued: 'Waiting to import',
  running: 'Importing',
  completed: 'Import finished',
  cancelled: 'Import cancelled',
  failed: 'Import failed',
};

/** Progress of the imports, bottom right: one card per job, newest first. */
export function ImportPanel() {
  const jobs = useImport((s) => s.jobs);
  if (!jobs.length) return null;
  return (
    <aside className="import-panel" aria-label="Imports">
      {jobs.map((job) => (
        <ImportCard key={job.key} job={job} />
      ))}
    </aside>
  );
}

function ImportCard({ job }: { job: ImportJobView }) {
  const { cancel, retryFailed, dismiss } = useImport.getState();
  const p = job.progress;
  const over = isOver(job);
  const percent = Math.round(fractionDone(job) * 100);
  const filesTotal = job.upload?.filesTotal ?? p?.filesTotal ?? 0;
  const bytesTotal = job.upload?.bytesTotal ?? p?.bytesTotal ?? 0;
  const current = p?.currentFile ?? job.upload?.current ?? null;
  const summary = job.summary;

  return (
    <section className="import-card" aria-label={TITLES[job.state]} data-state={job.state}>
      <header className="import-card__header">
        <strong>{TITLES[job.state]}</strong>
        <span className="muted">{percent}%</span>
      </header>
      <div
        className="progress"
        role="progressbar"
        aria-label="Import"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%${p?.walking ? ', still finding files' : ''}`}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="import-card__figures" aria-live="polite">
        {(p?.filesDone ?? 0).toLocaleString()} of {filesTotal.toLocaleString()}
        {p?.walking ? '+' : ''} files · {formatBytes(p?.bytesDone ?? 0)} of {formatBytes(bytesTotal)}
        {!over && p && p.bytesPerSecond > 0 && ` · ${formatBytes(p.bytesPerSecond)}/s`}
        {!over && p?.etaSeconds != null && ` · about ${formatDuration(p.etaSeconds)} left`}
      </p>
      {job.upload && job.state === 'uploading' && (
        <p className="muted import-card__figures">
          Sent {job.upload.filesSent.toLocaleString()} of {job.upload.filesTotal.toLocaleString()} files
        </p>
      )}
      {!over && current && (
        <p className="import-card__current muted" title={current}>
          {current}
        </p>
      )}
      {summary && (
        <p className="import-card__figures">
          {summary.imported.toLocaleString()} imported
          {summary.duplicates > 0 && `, ${summary.duplicates.toLocaleString()} already in the library`}
          {summary.skipped.length > 0 && `, ${summary.skipped.length.toLocaleString()} skipped`}
          {summary.failed.length + summary.omitted > 0 && `, ${(job.problems.length + summary.omitted).toLocaleString()} with problems`}
        </p>
      )}
      {job.problems.length > 0 && (
        <details className="import-card__problems" open={over}>
          <summary>
            {job.problems.length.toLocaleString()} problem file{job.problems.length === 1 ? '' : 's'}
          </summary>
          <ul aria-label="Import problems">
            {job.problems.map((problem) => (
              <li key={`${problem.path}:${problem.reason}`}>
                <span className="import-card__path">{problem.path || 'Import'}</span>
                <span className="muted">
                  {' — '}
                  {REASONS[problem.reason]}
                  {problem.message && problem.message !== REASONS[problem.reason] ? `: ${problem.message}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="import-card__actions">
        {!over && (
          <button type="button" className="button" onClick={() => void cancel(job.key)}>
            Cancel
          </button>
        )}
        {over && job.problems.some((p) => p.reason !== 'cancelled') && (
          <button type="button" className="button" onClick={() => void retryFailed(job.key)}>
            Retry failed
          </button>
        )}
        {over && (
          <button type="button" className="button button--ghost" onClick={() => dismiss(job.key)}>
            Dismiss
          </button>
        )}
      </div>
    </section>
  );
}
