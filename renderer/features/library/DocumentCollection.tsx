import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DocumentSummary } from '../../../shared/channels/library';
import { formatBytes, formatDate } from '../../components/format';
import { TypeIcon } from '../../components/TypeIcon';
import { useLibrary, type Layout } from '../../stores/library-store';
import { thumbnailUrl } from '../viewer/document-urls';
import { openDocument } from '../viewer/open-document';

const ROW_HEIGHT = 44;
const CARD_HEIGHT = 196;
const CARD_MIN_WIDTH = 184;

/**
 * The library's documents, virtualized: only the visible rows (list) or cards (grid, one lane per
 * column) exist in the DOM, and pages load as they scroll into view.
 */
export function DocumentCollection({ layout, onDelete }: { layout: Layout; onDelete: () => void }) {
  const items = useLibrary((s) => s.items);
  const total = useLibrary((s) => s.total);
  const selected = useLibrary((s) => s.selected);
  const { select, selectAll, ensureRange } = useLibrary.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const lanes = layout === 'grid' ? Math.max(1, Math.floor(width / CARD_MIN_WIDTH)) : 1;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => (layout === 'grid' ? CARD_HEIGHT : ROW_HEIGHT),
    overscan: layout === 'grid' ? 4 : 12,
    lanes,
    initialRect: { width: 1000, height: 800 },
  });
  useEffect(() => virtualizer.measure(), [layout, lanes, virtualizer]);

  const visible = virtualizer.getVirtualItems();
  // Roving tab stop: one item of the list is in the Tab order, the arrows move between items.
  const [focusIndex, setFocusIndex] = useState(0);
  const tabStop = visible.some((v) => v.index === focusIndex) ? focusIndex : (visible[0]?.index ?? 0);
  const firstVisible = visible[0]?.index ?? 0;
  const lastVisible = visible.at(-1)?.index ?? 0;
  useEffect(() => ensureRange(firstVisible, lastVisible), [firstVisible, lastVisible, total, ensureRange]);

  function focusItem(index: number) {
    const target = Math.max(0, Math.min(total - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const focus = () => scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"] .doc__open`)?.focus();
    requestAnimationFrame(() => requestAnimationFrame(focus));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const holder = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    const index = holder ? Number(holder.dataset.index) : -1;
    const step = { ArrowDown: lanes, ArrowUp: -lanes, ArrowRight: 1, ArrowLeft: -1, PageDown: lanes * 10, PageUp: -lanes * 10 }[e.key];
    const sideways = e.key === 'ArrowLeft' || e.key === 'ArrowRight';
    if (step !== undefined && !(sideways && layout === 'list')) {
      e.preventDefault();
      if (e.shiftKey && index >= 0) select(index + step, 'range');
      focusItem(index < 0 ? 0 : index + step);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusItem(e.key === 'Home' ? 0 : total - 1);
    } else if (e.key === ' ' && index >= 0 && (e.target as HTMLElement).classList.contains('doc__open')) {
      e.preventDefault();
      select(index, e.shiftKey ? 'range' : 'toggle');
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void selectAll();
    } else if (e.key === 'Delete' && selected.size > 0) {
      e.preventDefault();
      onDelete();
    }
  }

  function onItemClick(e: MouseEvent, index: number) {
    if ((e.target as HTMLElement).closest('button, input, a')) return;
    select(index, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only');
  }

  return (
    <div className={`collection collection--${layout}`}>
      {layout === 'list' && (
        <div className="doc-row doc-row--header" aria-hidden="true">
          <span />
          <span />
          <span>Title</span>
          <span>Type</span>
          <span className="doc-row__num">Size</span>
          <span className="doc-row__num">Date</span>
        </div>
      )}
      <div
        ref={scroller}
        className="collection__scroller"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const holder = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
          if (holder) setFocusIndex(Number(holder.dataset.index));
        }}
      >
        <div role="list" aria-label="Documents" className="collection__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {visible.map((v) => {
            const doc = items[v.index];
            return (
              <div
                key={v.key}
                role="listitem"
                aria-posinset={v.index + 1}
                aria-setsize={total}
                data-index={v.index}
                className="collection__item"
                style={{
                  transform: `translateY(${v.start}px)`,
                  height: v.size,
                  left: `${(v.lane * 100) / lanes}%`,
                  width: `${100 / lanes}%`,
                }}
                onClick={(e) => onItemClick(e, v.index)}
              >
                {!doc ? (
                  <div className={layout === 'grid' ? 'doc-card doc-card--placeholder' : 'doc-row doc-row--placeholder'} aria-label="Loading" />
                ) : layout === 'grid' ? (
                  <DocumentCard doc={doc} index={v.index} selected={selected.has(doc.id)} tabbable={v.index === tabStop} />
                ) : (
                  <DocumentRow doc={doc} index={v.index} selected={selected.has(doc.id)} tabbable={v.index === tabStop} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface ItemProps {
  doc: DocumentSummary;
  index: number;
  selected: boolean;
  tabbable: boolean;
}

function SelectBox({ doc, index, selected }: Omit<ItemProps, 'tabbable'>) {
  return (
    <input
      type="checkbox"
      tabIndex={-1}
      className="doc__select"
      aria-label={`Select ${doc.title}`}
      checked={selected}
      onChange={() => {}}
      onClick={(e) => useLibrary.getState().select(index, e.shiftKey ? 'range' : 'toggle')}
    />
  );
}

function OpenButton({ doc, tabbable }: { doc: DocumentSummary; tabbable: boolean }) {
  return (
    <button type="button" className="doc__open" tabIndex={tabbable ? 0 : -1} onClick={() => openDocument(doc)} title={doc.path ?? doc.title}>
      {doc.title}
    </button>
  );
}

function Tags({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <span className="doc__tags">
      {tags.map((t) => (
        <span key={t} className="tag">
          {t}
        </span>
      ))}
    </span>
  );
}

function DocumentRow({ doc, index, selected, tabbable }: ItemProps) {
  return (
    <div className="doc-row" aria-selected={selected} data-selected={selected || undefined}>
      <SelectBox doc={doc} index={index} selected={selected} />
      <TypeIcon type={doc.type} />
      <span className="doc-row__title">
        <OpenButton doc={doc} tabbable={tabbable} />
        <Tags tags={doc.tags} />
      </span>
      <span className="muted">{doc.type}</span>
      <span className="doc-row__num muted">{formatBytes(doc.size)}</span>
      <span className="doc-row__num muted">{formatDate(doc.modifiedAt ?? doc.importedAt)}</span>
    </div>
  );
}

function DocumentCard({ doc, index, selected, tabbable }: ItemProps) {
  return (
    <div className="doc-card" data-selected={selected || undefined}>
      <SelectBox doc={doc} index={index} selected={selected} />
      <div className="doc-card__preview">
        {doc.thumbnail !== null ? (
          <img className="doc-card__thumbnail" src={thumbnailUrl(doc.id)} alt="" loading="lazy" decoding="async" />
        ) : (
          <TypeIcon type={doc.type} size="large" />
        )}
      </div>
      <OpenButton doc={doc} tabbable={tabbable} />
      <span className="doc-card__meta muted">
        {formatBytes(doc.size)} · {formatDate(doc.modifiedAt ?? doc.importedAt)}
      </span>
      <Tags tags={doc.tags} />
    </div>
  );
}

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(1000);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || 1000);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth || 1000));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
