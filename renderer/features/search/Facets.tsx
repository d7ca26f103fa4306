import type { SearchResult } from '../../../shared/channels/library';
import { useSearch, type FacetKind } from '../../stores/search-store';

const GROUPS: { kind: FacetKind; label: string }[] = [
  { kind: 'types', label: 'Type' },
  { kind: 'tags', label: 'Tag' },
];

/** Type and tag counts of the current results as toggleable filter chips. */
export function Facets({ facets }: { facets: SearchResult['facets'] | null }) {
  const filters = useSearch((s) => s.filters);
  const toggle = useSearch((s) => s.toggleFilter);
  const clear = useSearch((s) => s.clearFilters);
  const anyActive = filters.types.length > 0 || filters.tags.length > 0;

  return (
    <div className="facets" aria-label="Filters" role="group">
      {GROUPS.map(({ kind, label }) => {
        const counts = { ...Object.fromEntries(filters[kind].map((v) => [v, 0])), ...(facets?.[kind] ?? {}) };
        const values = Object.entries(counts).sort((a, b) => b[1] - a[1]);
        if (!values.length) return null;
        return (
          <div key={kind} className="facets__group" role="group" aria-label={`Filter by ${label.toLowerCase()}`}>
            <span className="facets__label">{label}</span>
            {values.map(([value, count]) => {
              const pressed = filters[kind].includes(value);
              return (
                <button key={value} type="button" className="chip" aria-pressed={pressed} onClick={() => toggle(kind, value)}>
                  {value}
                  <span className="chip__count">{count}</span>
                </button>
              );
            })}
          </div>
        );
      })}
      {anyActive && (
        <button type="button" className="button button--ghost" onClick={clear}>
          Clear filters
        </button>
      )}
    </div>
  );
}
