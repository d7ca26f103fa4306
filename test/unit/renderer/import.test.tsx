// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/channels/import';
import { ImportPanel } from '../../../renderer/features/import/ImportPanel';
import { useImport } from '../../../renderer/stores/import-store';

const progress = (patch: Partial<ImportProgress> = {}): ImportProgress => ({
  jobId: 'job-1',
  state: 'running',
  filesTotal: 10,
  filesDone: 4,
  bytesTotal: 4 * 1024 * 1024,
  bytesDone: 1024 * 1024,
  walking: false,
  currentFile: '/data/reports/q3.pdf',
  bytesPerSecond: 512 * 1024,
  filesPerSecond: 2,
  etaSeconds: 6,
  imported: 4,
  duplicates: 0,
  failed: 0,
  skipped: 0,
  ...patch,
});

let disconnect: () => void;
beforeEach(() => {
  fakeKb.reset();
  useImport.setState({ jobs: [] });
  disconnect = useImport.getState().connect();
  fakeKb
    .on('import.start', () => ({ jobId: 'job-1' }))
    .on('import.cancel', () => ({ cancelled: true }))
    .on('import.retryFailed', () => ({ jobId: 'job-2' }))
    .on('import.jobs', () => [])
    .on('documents.list', () => ({ total: 0, items: [], nextCursor: null }))
    .on('tags.list', () => [])
    .on('library.stats', () => ({ documents: 0, notes: 0, tags: 0, chunks: 0, blobBytes: 0, databaseBytes: 0, walBytes: 0, byType: {} }));
});
afterEach(() => {
  disconnect();
  cleanup();
});

describe('ImportPanel', () => {
  it('follows progress events: bar, files and bytes, rate, ETA, current file', async () => {
    render(<ImportPanel />);
    await act(() => useImport.getState().importPaths(['/data/reports']));
    expect(fakeKb.callsOf('import.start')).toEqual([{ paths: ['/data/reports'] }]);
    act(() => fakeKb.emit('import.progress', progress()));
    const bar = screen.getByRole('progressbar', { name: 'Import' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText(/4 of 10 files · 1\.0 MB of 4\.0 MB · 512 KB\/s · about 6 s left/)).toBeTruthy();
    expect(screen.getByText('/data/reports/q3.pdf')).toBeTruthy();
    expect(screen.getAllByRole('region')).toHaveLength(1);
  });

  it('cancels a drop mid-upload: the job is cancelled, never told the drop is complete', async () => {
    const requests: string[] = [];
    let releaseSecond!: () => void;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      requests.push(String(url));
      if (requests.length === 2) {
        // The second file is still on its way when the user cancels.
        await new Promise<void>((resolve) => (releaseSecond = resolve));
        init.signal?.throwIfAborted();
      }
      return new Response(JSON.stringify({ jobId: 'up-1' }), { status: 201 });
    }) as typeof fetch;
    try {
      const file = (name: string) => ({ file: new File(['x'], name), relativePath: name });
      const running = useImport.getState().importFiles([file('a.txt'), file('b.txt'), file('c.txt')]);
      await waitFor(() => expect(requests).toHaveLength(2));
      await waitFor(() => expect(useImport.getState().jobs[0]?.jobId).toBe('up-1'));
      const cancelling = useImport.getState().cancel(useImport.getState().jobs[0]!.key);
      releaseSecond();
      await Promise.all([running, cancelling]);
      expect(requests).toEqual(['/upload', '/upload?job=up-1']);
      expect(fakeKb.callsOf('import.cancel')).toContainEqual({ jobId: 'up-1' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('cancels a running import', async () => {
    render(<ImportPanel />);
    await act(() => useImport.getState().importPaths(['/data/reports']));
    act(() => fakeKb.emit('import.progress', progress()));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fakeKb.callsOf('import.cancel')).toEqual([{ jobId: 'job-1' }]);
    act(() => fakeKb.emit('import.progress', progress({ state: 'cancelled' })));
    expect(screen.getByText('Import cancelled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('lists problem files with reasons and retries the failed ones', async () => {
    render(<ImportPanel />);
    await act(() => useImport.getState().importPaths(['/data']));
    act(() =>
      fakeKb.emit('import.finished', {
        jobId: 'job-1',
        state: 'completed',
        imported: 8,
        duplicates: 1,
        failed: [
          { path: '/data/broken.pdf', reason: 'corrupt', message: 'Invalid PDF structure' },
          { path: '/data/huge.iso', reason: 'unsupported', message: 'application/x-iso9660-image' },
        ],
        skipped: [],
        omitted: 0,
        bytes: 100,
        ms: 50,
      }),
    );
    const problems = screen.getByRole('list', { name: 'Import problems' });
    expect(within(problems).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '/data/broken.pdf — Damaged or unreadable content: Invalid PDF structure',
      '/data/huge.iso — Unsupported file type: application/x-iso9660-image',
    ]);
    expect(screen.getByText('8 imported, 1 already in the library, 2 with problems')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Import' }).getAttribute('aria-valuenow')).toBe('100');
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    expect(fakeKb.callsOf('import.retryFailed')).toEqual([{ jobId: 'job-1' }]);
    await waitFor(() => expect(useImport.getState().jobs.map((j) => j.jobId)).toEqual(['job-2', 'job-1']));
    await userEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[0]!);
    expect(useImport.getState().jobs.map((j) => j.jobId)).toEqual(['job-2']);
  });

  it('refreshes the library as documents arrive', async () => {
    act(() => fakeKb.emit('import.document', { jobId: 'job-9', id: 3, title: 'New', kind: 'text', path: '/x/new.txt' }));
    await waitFor(() => expect(fakeKb.callsOf('documents.list').length).toBeGreaterThan(0), { timeout: 3000 });
  });
});
