import { useEffect, useState } from 'react';
import type { MonitorWindow } from '../../../shared/channels/monitor';
import { call, KbError } from '../../api/kb';

interface Download {
  label: string;
  filename: string;
  url: string;
}

type Kind = 'report' | 'csv' | 'json';

const MIME: Record<Kind, string> = {
  report: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
};

async function fetchDownload(kind: Kind, window: MonitorWindow): Promise<Omit<Download, 'url'> & { content: string }> {
  if (kind === 'report') {
    const { markdown } = await call('monitor.report');
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return { label: 'Memory & Resource Performance Analysis Report', filename: `skr-resource-report-${stamp}.md`, content: markdown };
  }
  const exported = await call('monitor.export', { format: kind, window });
  return { label: `Raw samples (${kind.toUpperCase()}, ${window})`, filename: exported.filename, content: exported.content };
}

/**
 * Fetches the Markdown report or a raw-sample export from the core and offers it as a local
 * download (a Blob behind an object URL); nothing is loaded from anywhere else.
 */
export function ReportActions({ window }: { window: MonitorWindow }) {
  const [download, setDownload] = useState<Download | null>(null);
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download.url);
  }, [download]);

  const run = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    try {
      const { content, ...rest } = await fetchDownload(kind, window);
      setDownload({ ...rest, url: URL.createObjectURL(new Blob([content], { type: MIME[kind] })) });
    } catch (e) {
      setError(e instanceof KbError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="dash-panel" aria-labelledby="report-title">
      <h2 id="report-title">Report and export</h2>
      <div className="dash-actions">
        <button type="button" onClick={() => run('report')} disabled={busy !== null}>
          {busy === 'report' ? 'Preparing report…' : 'Generate report'}
        </button>
        <button type="button" onClick={() => run('csv')} disabled={busy !== null}>
          Export samples as CSV
        </button>
        <button type="button" onClick={() => run('json')} disabled={busy !== null}>
          Export samples as JSON
        </button>
      </div>
      <div role="status" className="dash-download">
        {download && (
          <p>
            {download.label} is ready:{' '}
            <a href={download.url} download={download.filename} data-testid="download-link">
              Download {download.filename}
            </a>
          </p>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
