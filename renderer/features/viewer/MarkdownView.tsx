import { useEffect, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { highlightHtml } from './highlight-html';
import { renderMarkdown } from './markdown';

const NO_TERMS: readonly string[] = [];

interface MarkdownViewProps {
  source: string;
  label?: string;
  /** Words to mark in the rendered text. */
  terms?: readonly string[];
  /** Index of the mark shown as the current match. */
  current?: number;
  onMatchCount?: (count: number) => void;
}

/**
 * Rendered Markdown. The HTML comes only from renderMarkdown (markdown-it without raw HTML, then
 * DOMPurify) and highlightHtml (which adds <mark> around text), which is why inserting it is safe.
 */
export function MarkdownView({ source, label, terms = NO_TERMS, current = -1, onMatchCount }: MarkdownViewProps) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  const highlighted = useMemo(() => highlightHtml(html, terms), [html, terms]);
  const host = useRef<HTMLDivElement>(null);

  // Before paint, so the parent's match count never shows a stale number.
  useLayoutEffect(() => onMatchCount?.(highlighted.count), [highlighted, onMatchCount]);
  useEffect(() => {
    const marks = host.current?.querySelectorAll<HTMLElement>('mark[data-match]') ?? [];
    for (const mark of marks) mark.classList.toggle('mark--current', mark.dataset.match === String(current));
    marks[current]?.scrollIntoView?.({ block: 'center' });
  }, [highlighted, current]);

  // In-page anchors must not touch the app's hash routing.
  function onClick(e: MouseEvent<HTMLDivElement>) {
    const link = (e.target as HTMLElement).closest('a');
    const href = link?.getAttribute('href');
    if (!href?.startsWith('#')) return;
    e.preventDefault();
    e.currentTarget.querySelector(`[id="${CSS.escape(decodeURIComponent(href.slice(1)))}"]`)?.scrollIntoView();
  }

  return <div ref={host} className="markdown" aria-label={label} onClick={onClick} dangerouslySetInnerHTML={{ __html: highlighted.html }} />;
}
