import { findMatches } from '../../components/Highlighted';

export interface HighlightedHtml {
  html: string;
  /** How many <mark data-match="N"> elements were added, numbered from 0 in document order. */
  count: number;
}

/**
 * Wraps every occurrence of `terms` in already-sanitized HTML in <mark data-match="N">. Only text
 * nodes are touched and the marks carry text nodes, so nothing new can be interpreted as markup.
 */
export function highlightHtml(html: string, terms: readonly string[]): HighlightedHtml {
  if (!terms.some((t) => t.length > 0)) return { html, count: 0 };
  const template = document.createElement('template');
  template.innerHTML = html;
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) textNodes.push(node as Text);

  let count = 0;
  for (const node of textNodes) {
    const text = node.data;
    const ranges = findMatches(text, terms);
    if (!ranges.length) continue;
    const pieces = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) pieces.append(text.slice(at, start));
      const mark = document.createElement('mark');
      mark.dataset.match = String(count++);
      mark.textContent = text.slice(start, end);
      pieces.append(mark);
      at = end;
    }
    if (at < text.length) pieces.append(text.slice(at));
    node.replaceWith(pieces);
  }
  return { html: template.innerHTML, count };
}
