import { useId, useState } from 'react';
import { TagsChangeInput } from '../../../shared/channels/library';
import { Modal } from '../../components/Modal';
import { useLibrary } from '../../stores/library-store';

export const parseTagList = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

/** Asks for tags to add to the selected documents; the contract's schema validates them. */
export function TagDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tags = useLibrary((s) => s.tags);
  const count = useLibrary((s) => s.selected.size);
  const ids = useId();

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const list = parseTagList(text);
    const parsed = TagsChangeInput.safeParse({ ids: [1], tags: list });
    if (!parsed.success) {
      setError(list.length ? parsed.error.issues[0]!.message : 'Enter at least one tag');
      return;
    }
    onClose();
    void useLibrary.getState().addTags(parsed.data.tags);
  }

  return (
    <Modal title={`Tag ${count} document${count === 1 ? '' : 's'}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-input`}>
            Tags, separated by commas
          </label>
          <input
            id={`${ids}-input`}
            data-autofocus
            className="input"
            list={`${ids}-tags`}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids}-error` : undefined}
          />
          <datalist id={`${ids}-tags`}>
            {tags.map((t) => (
              <option key={t.name} value={t.name} />
            ))}
          </datalist>
          {error && (
            <span id={`${ids}-error`} className="field__error">
              {error}
            </span>
          )}
        </div>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary">
            Add tags
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteDialog({ onClose }: { onClose: () => void }) {
  const count = useLibrary((s) => s.selected.size);
  const noun = `${count.toLocaleString()} document${count === 1 ? '' : 's'}`;
  return (
    <Modal title={`Delete ${noun}?`} onClose={onClose}>
      <p>
        {noun} will be removed from the library, with their text and tags. Your original files are not touched. This cannot be undone.
      </p>
      <div className="modal__actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            onClose();
            void useLibrary.getState().deleteSelected();
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
