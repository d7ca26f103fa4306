import { loadedDocuments, useLibrary } from '../../stores/library-store';

/** Actions on the selected documents: tag, remove a tag, delete. */
export function SelectionBar({ onTag, onDelete }: { onTag: () => void; onDelete: () => void }) {
  const selected = useLibrary((s) => s.selected);
  const items = useLibrary((s) => s.items);
  const total = useLibrary((s) => s.total);
  const libraryTags = useLibrary((s) => s.tags);
  const { clearSelection, selectAll, removeTag } = useLibrary.getState();
  if (selected.size === 0) return null;
  const loadedSelection = loadedDocuments(items).filter((d) => selected.has(d.id));
  // With documents selected that are not loaded, their tags are unknown here: offer every tag.
  const tagsOfSelection =
    loadedSelection.length === selected.size
      ? [...new Set(loadedSelection.flatMap((d) => d.tags))].sort()
      : libraryTags.map((t) => t.name);

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
      {selected.size < total && (
        <button type="button" className="button button--ghost" onClick={() => void selectAll()}>
          Select all {total.toLocaleString()}
        </button>
      )}
      <button type="button" className="button button--ghost" onClick={clearSelection}>
        Clear selection
      </button>
    </div>
  );
}
