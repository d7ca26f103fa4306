import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../shared/channels/library';
import { formatBytes, formatDate } from '../../components/format';
import { Highlighted, queryWords } from '../../components/Highlighted';
import { TypeIcon } from '../../components/TypeIcon';
import { matchedTerms, useSearch } from '../../stores/search-store';
import { openDocument } from '../viewer/open-document';
import { Facets } from './Facets';
import { QueryHelp } from './QueryHelp';

const optionId = (index: number) => `search-hit-${index}`;

export function SearchView() {
  const { query, status, result, error, active, loadingMore, focusRequest } = useSearch();
  const { setQuery, moveActive, setActive, loadMore } = useSearch.getState();
  const input = useRef<HTMLInputElement>(null);
  /** Enter pressed while the newest query was still running: open its first hit when it lands. */
  const openWhenReady = useRef(false);
  const hits = result?.hits ?? [];

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusRequest]);

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const open = (hit: SearchHit) => openDocument(hit, [...new Set([...matchedTerms(hit.snippet, hit.highlights), ...queryWords(query)])]);

  useEffect(() => {
    if (status === 'loading' || !openWhenReady.current) return;
    openWhenReady.current = false;
    const hit = status === 'done' ? result?.hits[active] : undefined;
    if (hit) open(hit);
  });

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveActive(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      moveActive(e.key === 'PageDown' ? 10 : -10);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // The hits on screen may answer an older query: never open one of those.
      if (status === 'loading') openWhenReady.current = true;
      else if (hits[active]) open(hits[active]);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
    }
  }

  return (
    <section aria-labelledby="search-title" className="view view--search">
      <div className="view__header">
        <h1 id="search-title">Search</h1>
      </div>
      <div className="search-bar">
        <input
          ref={input}
          className="search-bar__input"
          type="search"
          role="combobox"
          aria-label="Search"
          aria-expanded={hits.length > 0}
          aria-controls="search-results"
          aria-autocomplete="list"
          aria-activedescendant={hits.length ? optionId(active) : undefined}
          placeholder="Search titles and contents…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            openWhenReady.current = false;
            setQuery(e.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        <kbd className="search-bar__hint" aria-hidden="true">
          Ctrl K
        </kbd>
        <QueryHelp />
      </div>
      <Facets facets={result?.facets ?? null} />
      <p className="search-status muted" role="status" aria-live="polite">
        {status === 'loading' && 'Searching…'}
        {status === 'done' && result && `${result.total.toLocaleString()} result${result.total === 1 ? '' : 's'} in ${Math.round(result.tookMs)} ms`}
      </p>
      {status === 'error' && (
        <p role="alert" className="message message--error">
          {error}
        </p>
      )}
      {status === 'idle' && (
        <div className="empty">
          <p className="empty__title">Find anything in your library</p>
          <p>Type a few words. Use ↑ ↓ to move through the results and Enter to open one.</p>
        </div>
      )}
      {status === 'done' && hits.length === 0 && (
        <div className="empty">
          <p className="empty__title">No results for “{query}”</p>
          <p>Check the spelling, use fewer words, try a prefix like <code>photo*</code>, or clear the filters.</p>
        </div>
      )}
      <ul id="search-results" role="listbox" aria-label="Search results" className="results" hidden={hits.length === 0}>
        {hits.map((hit, index) => (
          <li
            key={hit.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className="result"
            onMouseMove={() => index !== active && setActive(index)}
            onClick={() => open(hit)}
          >
            <TypeIcon type={hit.type} />
            <div className="result__body">
              <div className="result__title">{hit.title}</div>
              <div className="result__meta muted">
                {hit.type} · {formatBytes(hit.size)}
                {hit.modifiedAt !== null && ` · ${formatDate(hit.modifiedAt)}`}
                {hit.path && <span className="result__path"> · {hit.path}</span>}
              </div>
              {hit.snippet && (
                <p className="result__snippet">
                  <Highlighted text={hit.snippet} ranges={hit.highlights} />
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
      {result?.nextCursor && (
        <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'More results'}
        </button>
      )}
    </section>
  );
}
