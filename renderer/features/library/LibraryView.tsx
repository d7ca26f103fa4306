import { useEffect, useState } from 'react';
import { useLibrary } from '../../stores/library-store';
import { useNavigation } from '../../stores/navigation-store';
import { DocumentCollection } from './DocumentCollection';
import { LibraryToolbar } from './LibraryToolbar';
import { SelectionBar } from './SelectionBar';
import { DeleteDialog, TagDialog } from './TagDialog';

export function LibraryView() {
  const { status, error, total, layout, notice, type, tag } = useLibrary();
  const [dialog, setDialog] = useState<'tag' | 'delete' | null>(null);

  useEffect(() => {
    void useLibrary.getState().reload();
  }, []);

  const filtered = type !== null || tag !== null;
  return (
    <section aria-labelledby="library-title" className="view view--fill">
      <div className="view__header">
        <h1 id="library-title">Library</h1>
        {status === 'done' && (
          <span className="muted" data-testid="library-count">
            {total.toLocaleString()} {filtered ? 'matching ' : ''}document{total === 1 ? '' : 's'}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={() => useNavigation.getState().go('note', 'new')}>
          New note
        </button>
      </div>
      <LibraryToolbar />
      <SelectionBar onTag={() => setDialog('tag')} onDelete={() => setDialog('delete')} />
      {notice && (
        <div className={`message message--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <span>{notice.message}</span>
          {notice.undo && (
            <button type="button" className="button button--ghost" onClick={() => void notice.undo!()}>
              Undo
            </button>
          )}
          <button type="button" className="button button--ghost" aria-label="Dismiss" onClick={() => useLibrary.getState().dismissNotice()}>
            ×
          </button>
        </div>
      )}
      {status === 'loading' && <p className="muted">Loading…</p>}
      {status === 'error' && (
        <p role="alert" className="message message--error">
          {error}
        </p>
      )}
      {status === 'done' && total === 0 && (
        <div className="empty">
          {filtered ? (
            <p className="empty__title">No documents match these filters.</p>
          ) : (
            <>
              <p className="empty__title">Your library is empty.</p>
              <p>Drop files or folders anywhere in this window to add them, or write a note with Ctrl+N.</p>
            </>
          )}
        </div>
      )}
      {status === 'done' && total > 0 && <DocumentCollection layout={layout} onDelete={() => setDialog('delete')} />}
      {dialog === 'tag' && <TagDialog onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteDialog onClose={() => setDialog(null)} />}
    </section>
  );
}
