import { useEffect, useLayoutEffect, useState } from 'react';
import { useNavigation } from '../../stores/navigation-store';
import { useNote } from '../../stores/note-store';
import { parseTagList } from '../library/TagDialog';
import { MarkdownView } from '../viewer/MarkdownView';

const STATUS_TEXT = { loading: 'Loading…', editing: 'Unsaved changes', saving: 'Saving…', saved: 'Saved', error: 'Not saved' };

/** A Markdown note: title, tags, source and live preview side by side; saved as you type. */
export function NoteEditor() {
  const param = useNavigation((s) => s.param);
  const { id, title, body, tags, status, error } = useNote();
  const edit = useNote.getState().edit;
  const [tagText, setTagText] = useState(tags.join(', '));

  useEffect(() => {
    void useNote.getState().open(param);
  }, [param]);
  // Show loaded tags in the same paint as the title (typing in the field keeps its own text).
  useLayoutEffect(() => setTagText(useNote.getState().tags.join(', ')), [id, status === 'loading']);
  useEffect(() => () => void useNote.getState().save(), []);

  function onKeyDown(e: React.KeyboardEvent) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void useNote.getState().save();
    }
  }

  return (
    <section aria-labelledby="note-heading" className="view view--fill" onKeyDown={onKeyDown}>
      <div className="view__header">
        <h1 id="note-heading">{id === null ? 'New note' : 'Note'}</h1>
        <span className={`save-status save-status--${status}`} role="status" aria-live="polite">
          {STATUS_TEXT[status]}
        </span>
      </div>
      {error && (
        <p role="alert" className="message message--error">
          {error}
        </p>
      )}
      <div className="note">
        <div className="note__fields">
          <input
            className="input note__title"
            aria-label="Title"
            placeholder="Untitled note"
            value={title}
            autoFocus={id === null}
            maxLength={500}
            onChange={(e) => edit({ title: e.target.value })}
          />
          <input
            className="input"
            aria-label="Tags"
            placeholder="Tags, separated by commas"
            value={tagText}
            onChange={(e) => {
              setTagText(e.target.value);
              edit({ tags: parseTagList(e.target.value) });
            }}
          />
        </div>
        <div className="note__panes">
          <textarea
            className="input note__source"
            aria-label="Note"
            placeholder="Write in Markdown…"
            value={body}
            spellCheck
            onChange={(e) => edit({ body: e.target.value })}
          />
          <div className="note__preview" role="region" aria-label="Preview">
            {body.trim() ? <MarkdownView source={body} /> : <p className="muted">The preview appears here.</p>}
          </div>
        </div>
      </div>
    </section>
  );
}
