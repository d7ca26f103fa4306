import { useMemo, type MouseEvent } from 'react';
import { renderMarkdown } from './markdown';

/**
 * Rendered Markdown. The HTML comes only from renderMarkdown (markdown-it without raw HTML, then
 * DOMPurify), which is why inserting it here is safe.
 */
export function MarkdownView({ source, label }: { source: string; label?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);

  // In-page anchors must not touch the app's hash routing.
  function onClick(e: MouseEvent<HTMLDivElement>) {
    const link = (e.target as HTMLElement).closest('a');
    const href = link?.getAttribute('href');
    if (!href?.startsWith('#')) return;
    e.preventDefault();
    e.currentTarget.querySelector(`[id="${CSS.escape(decodeURIComponent(href.slice(1)))}"]`)?.scrollIntoView();
  }

  return <div className="markdown" aria-label={label} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
