import { loadedDocuments, useLibrary } from '../../stores/library-store';

/** Actions on the selected documents: tag, remove a tag, delete. */
export function SelectionBar({ onTag, onDelete }: { onTag: () => void; onDelete: () => void }) {
  const selected = useLibrary((s) => s.selected);
  const items = useLibrary((s) => s.items);
  const { clearSelection, selectAll, removeTag } = useLibrary.getState();
  if (selected.size === 0) return null;
  const tagsOfSelection = [...new Set(loadedDocuments(items).filter((d) => selected.has(d.id)).flatMap((d) => d.tags))].sort();

  return (
    <div className="selection-bar" role="toolbar" aria-label="Selection">
      <strong>{selected.size.toLocaleString()} selected</strong>
      <button type="button" className="button" onClick={onTag}>
        Tag…
      </button>
      {tagsOfSelection.length > 0 && (
        <label className="toolbar__field">
          <span className="visually-hidden">Remove tag</span>
          <select className="input" value="" onChange={(e) => e.target.value && void removeTag(e.target.value)}>
            <option value="">Remove tag…</option>
            {tagsOfSelection.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button button--danger" onClick={onDelete}>
        Delete…
      </button>
      <span className="spacer" />
      <button type="button" className="button button--ghost" onClick={selectAll}>
        Select all loaded
      </button>
      <button type="button" className="button button--ghost" onClick={clearSelection}>
        Clear selection
      </button>
    </div>
  );
}
