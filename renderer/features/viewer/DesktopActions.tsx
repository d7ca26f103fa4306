import { useState } from 'react';
import { call } from '../../api/kb';
import { messageOf } from '../../components/format';

type Action = 'documents.openExternally' | 'documents.showInFolder';

/** Desktop-only: hand the document's file to the system (its default app, or the file manager). */
export function DesktopActions({ id }: { id: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(channel: Action) {
    setBusy(true);
    setError(null);
    try {
      await call(channel, { id });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {error && (
        <p role="alert" className="message message--error viewer__action-error">
          {error}
        </p>
      )}
      <button type="button" className="button" disabled={busy} onClick={() => void run('documents.openExternally')}>
        Open with system app
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void run('documents.showInFolder')}>
        Show in folder
      </button>
    </>
  );
}
