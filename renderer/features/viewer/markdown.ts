import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Raw HTML in Markdown stays text (html: false); markdown-it also refuses javascript:/vbscript:/file: links. */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const purify = DOMPurify(window);
const SAFE_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif);base64,/i;
const EXTERNAL_LINK = /^(https?:|mailto:)/i;

/**
 * The second wall, after markdown-it: DOMPurify removes scripts and event handlers, and this hook
 * keeps links to the web (opened outside the app) and in-page anchors only, and images only
 * from data: URLs, so rendering a document never loads anything remote.
 */
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (EXTERNAL_LINK.test(href)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (!href.startsWith('#')) {
      node.removeAttribute('href');
    }
  }
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    if (!SAFE_IMAGE.test(src)) {
      node.removeAttribute('src');
      node.setAttribute('data-blocked', 'true');
      node.setAttribute('title', `Remote image not loaded: ${src.slice(0, 200)}`);
    }
  }
});

const CONFIG = {
  // Inline style attributes and <style> would also break the CSP; forms and frames have no place here.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'xlink:href'],
  ALLOW_DATA_ATTR: false,
};

/** Markdown source to sanitized HTML, safe to insert into the renderer. */
export function renderMarkdown(source: string): string {
  return purify.sanitize(md.render(source), CONFIG);
}
