import { DOCUMENT_KINDS } from '../../../shared/channels/library';
import { useLibrary, type Layout, type SortKey } from '../../stores/library-store';

const SORTS: { value: SortKey; label: string }[] = [
  { value: 'date', label: 'Date' },
  { value: 'title', label: 'Title' },
  { value: 'size', label: 'Size' },
];

export function LibraryToolbar() {
  const { sort, order, type, tag, layout, tags, typeCounts } = useLibrary();
  const { setSort, setFilter, setLayout } = useLibrary.getState();
  const types = [...new Set([...DOCUMENT_KINDS, ...Object.keys(typeCounts)])].filter((t) => typeCounts[t] || t === type);

  return (
    <div className="toolbar" role="toolbar" aria-label="Library view">
      <label className="toolbar__field">
        <span>Sort by</span>
        <select className="input" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setSort(sort)}
        aria-label={order === 'asc' ? 'Ascending order, switch to descending' : 'Descending order, switch to ascending'}
        title="Reverse order"
      >
        {order === 'asc' ? '↑' : '↓'}
      </button>
      <label className="toolbar__field">
        <span>Type</span>
        <select className="input" value={type ?? ''} onChange={(e) => setFilter({ type: e.target.value || null })}>
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t} ({typeCounts[t] ?? 0})
            </option>
          ))}
        </select>
      </label>
      <label className="toolbar__field">
        <span>Tag</span>
        <select className="input" value={tag ?? ''} onChange={(e) => setFilter({ tag: e.target.value || null })}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.count})
            </option>
          ))}
        </select>
      </label>
      <div className="segmented" role="group" aria-label="Layout">
        {(['list', 'grid'] as Layout[]).map((l) => (
          <button key={l} type="button" className="segmented__option" aria-pressed={layout === l} onClick={() => setLayout(l)}>
            {l === 'list' ? 'List' : 'Grid'}
          </button>
        ))}
      </div>
    </div>
  );
}
