// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { detail } from './support/fixtures';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { DocumentDetail } from '../../../shared/channels/library';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMatches, queryWords } from '../../../renderer/components/Highlighted';
import { highlightHtml } from '../../../renderer/features/viewer/highlight-html';
import { renderMarkdown } from '../../../renderer/features/viewer/markdown';
import { metadataFacts } from '../../../renderer/features/viewer/metadata-facts';
import { ViewerView } from '../../../renderer/features/viewer/ViewerView';
import { useNavigation } from '../../../renderer/stores/navigation-store';
import { useViewer } from '../../../renderer/stores/viewer-store';

const HOSTILE_MD = [
  '# Title',
  '<script>window.pwned = 1</script>',
  '<img src=x onerror="window.pwned = 2">',
  '[click](javascript:window.pwned=3)',
  '[data](data:text/html;base64,PHNjcmlwdD4=)',
  '![remote](https://evil.example/track.png)',
  '![inline](data:image/png;base64,iVBORw0KGgo=)',
  '[web](https://example.org/page)',
].join('\n\n');

function open(id: number, terms: string[] = []) {
  useViewer.setState({ terms });
  useNavigation.setState({ view: 'document', param: String(id) });
}

beforeEach(() => fakeKb.reset());
afterEach(cleanup);

describe('renderMarkdown', () => {
  it('renders Markdown and leaves nothing that can run or load remotely', () => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown(HOSTILE_MD);
    expect(host.querySelector('h1')?.textContent).toBe('Title');
    expect(host.querySelector('script')).toBeNull();
    expect(host.querySelectorAll('[onerror], [onclick], [style]')).toHaveLength(0);
    expect(host.textContent).toContain('<script>window.pwned = 1</script>');
    for (const a of host.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^(javascript|data):/i);
    const web = [...host.querySelectorAll('a')].find((a) => a.textContent === 'web')!;
    expect(web.getAttribute('rel')).toBe('noopener noreferrer');
    const images = [...host.querySelectorAll('img')];
    expect(images.find((i) => i.alt === 'remote')?.getAttribute('src')).toBeNull();
    expect(images.find((i) => i.alt === 'inline')?.getAttribute('src')).toMatch(/^data:image\/png/);
  });
});

describe('highlighting helpers', () => {
  it('finds every occurrence case-insensitively and strips query syntax', () => {
    expect(findMatches('Tea, TEA and teapot', ['tea'])).toEqual([
      [0, 3],
      [5, 8],
      [13, 16],
    ]);
    expect(findMatches('a+b (c)', ['a+b', '(c)'])).toEqual([
      [0, 3],
      [4, 7],
    ]);
    expect(queryWords('solar -draft type:pdf "green tea" title:budget photo* OR x')).toEqual(['solar', 'green tea', 'budget', 'photo', 'x']);
  });
});

describe('highlightHtml', () => {
  it('marks terms in text only, numbered in document order, never as markup', () => {
    const { html, count } = highlightHtml('<h1>Tea &amp; <em>tea</em>time</h1><a href="https://tea.example/">x</a><p>&lt;b&gt;tea&lt;/b&gt;</p>', ['tea', '<b>']);
    const host = document.createElement('div');
    host.innerHTML = html;
    expect(count).toBe(4);
    expect([...host.querySelectorAll('mark')].map((m) => [m.dataset.match, m.textContent])).toEqual([
      ['0', 'Tea'],
      ['1', 'tea'],
      ['2', '<b>'],
      ['3', 'tea'],
    ]);
    expect(host.querySelector('a')!.getAttribute('href')).toBe('https://tea.example/');
    expect(host.querySelector('b')).toBeNull();
    expect(host.textContent).toBe('Tea & teatimex<b>tea</b>');
  });

  it('returns the HTML unchanged without terms', () => {
    expect(highlightHtml('<p>a</p>', [])).toEqual({ html: '<p>a</p>', count: 0 });
  });
});

describe('metadataFacts', () => {
  it('labels the importer\'s metadata for people and spells out an image\'s fields', () => {
    const facts = metadataFacts({
      mime: 'image/jpeg',
      uploadPath: 'trip/beach.jpg',
      image: { width: 6000, height: 4000, format: 'jpeg', takenAt: '2021-07-04T10:30:00', camera: 'Canon EOS R5', thumbnail: { path: '/x.webp', width: 256, height: 171 } },
      readingMinutes: 3,
    });
    expect(facts).toEqual([
      ['Dropped as', 'trip/beach.jpg'],
      ['Dimensions', `${(6000).toLocaleString()} × ${(4000).toLocaleString()} px`],
      ['Format', 'JPEG'],
      ['Taken', '2021-07-04 10:30:00'],
      ['Camera', 'Canon EOS R5'],
      ['Reading minutes', '3'],
    ]);
  });
});

describe('ViewerView', () => {
  it('shows extracted text by page with the search terms highlighted and next/previous match', async () => {
    fakeKb
      .on('documents.get', () => detail(5, { title: 'Manual', type: 'pdf', metadata: { pages: 2, author: 'Ada' } }))
      .on('documents.text', () => ({
        id: 5,
        totalSections: 2,
        sections: [
          { ordinal: 0, text: 'Tea is a drink. Green tea.' },
          { ordinal: 1, text: 'Black TEA is oxidised.' },
        ],
        nextSection: null,
      }));
    open(5, ['tea']);
    render(<ViewerView />);
    await screen.findByRole('heading', { name: 'Manual', level: 1 });
    expect(screen.getByRole('region', { name: 'Page 2' })).toBeTruthy();
    const content = screen.getByRole('article', { name: 'Document content' });
    expect([...content.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Tea', 'tea', 'TEA']);
    expect(screen.getByText('1 of 3 matches')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('2 of 3 matches')).toBeTruthy();
    expect(content.querySelector('mark.mark--current')?.textContent).toBe('tea');
    await userEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    await userEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(screen.getByText('3 of 3 matches')).toBeTruthy();

    const details = screen.getByRole('complementary', { name: 'Document details' });
    expect(within(details).getByText('Ada')).toBeTruthy();
    expect(within(details).getByText('/data/doc-5.txt')).toBeTruthy();
  });

  it('renders a Markdown document inertly and switches to its text', async () => {
    fakeKb
      .on('documents.get', () => detail(9, { title: 'Hostile', type: 'markdown' }))
      .on('documents.text', () => ({ id: 9, totalSections: 1, sections: [{ ordinal: 0, text: HOSTILE_MD }], nextSection: null }));
    open(9);
    render(<ViewerView />);
    const rendered = await screen.findByLabelText('Document content');
    await waitFor(() => expect(rendered.querySelector('h1')?.textContent).toBe('Title'));
    expect(rendered.querySelector('script')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: 'Text' }));
    expect(screen.getByRole('article', { name: 'Document content' }).textContent).toContain('[click](javascript:window.pwned=3)');
  });

  it('opens Markdown from a search rendered, with the terms marked and next/previous match', async () => {
    fakeKb
      .on('documents.get', () => detail(4, { title: 'Recipes', type: 'markdown' }))
      .on('documents.text', () => ({ id: 4, totalSections: 1, sections: [{ ordinal: 0, text: '# Pancakes\n\nWhisk the **buttermilk**; more buttermilk later.' }], nextSection: null }));
    open(4, ['buttermilk']);
    render(<ViewerView />);
    const content = await screen.findByRole('article', { name: 'Document content' });
    await waitFor(() => expect(content.querySelector('h1')?.textContent).toBe('Pancakes'));
    expect([...content.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['buttermilk', 'buttermilk']);
    expect(content.querySelector('strong > mark')).toBeTruthy();
    expect(screen.getByText('1 of 2 matches')).toBeTruthy();
    await waitFor(() => expect(content.querySelector('mark.mark--current')?.getAttribute('data-match')).toBe('0'));
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('2 of 2 matches')).toBeTruthy();
    await waitFor(() => expect(content.querySelector('mark.mark--current')?.getAttribute('data-match')).toBe('1'));
    expect(content.querySelectorAll('mark.mark--current')).toHaveLength(1);
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Find in document' }));
    expect(content.querySelectorAll('mark')).toHaveLength(0);
  });

  it('shows an image full size once loaded, its thumbnail until then, and neither when it has none', async () => {
    const images: Record<number, Partial<DocumentDetail>> = {
      6: { mime: 'image/jpeg', thumbnail: 'thumbs/6.webp' },
      7: { mime: 'image/tiff', thumbnail: 'thumbs/7.webp' },
      8: { mime: 'image/svg+xml', thumbnail: null },
    };
    fakeKb
      .on('documents.get', (input: { id: number }) => detail(input.id, { title: `photo-${input.id}`, type: 'image', noText: true, ...images[input.id] }))
      .on('documents.text', (input: { id: number }) => ({ id: input.id, totalSections: 0, sections: [], nextSection: null }));
    open(6);
    const { unmount } = render(<ViewerView />);
    const thumbnail = await screen.findByRole('img', { name: 'Preview of photo-6' });
    expect(thumbnail.getAttribute('src')).toBe('files/6/thumbnail');
    const full = document.querySelector<HTMLImageElement>('img[src="files/6/preview"]')!;
    expect(full.hidden).toBe(true);
    fireEvent.load(full);
    expect(screen.getByRole('img', { name: 'Preview of photo-6' }).getAttribute('src')).toBe('files/6/preview');
    expect(screen.getAllByRole('img')).toHaveLength(1);
    unmount();

    // A type the browser cannot show keeps its thumbnail; SVG (scriptable) is never shown inline.
    open(7);
    const second = render(<ViewerView />);
    expect((await screen.findByRole('img', { name: 'Preview of photo-7' })).getAttribute('src')).toBe('files/7/thumbnail');
    expect(document.querySelector('img[src="files/7/preview"]')).toBeNull();
    second.unmount();
    open(8);
    render(<ViewerView />);
    await screen.findByRole('heading', { name: 'photo-8', level: 1 });
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('offers the desktop actions in Electron and shows their errors as messages', async () => {
    const { FakeError } = await import('./support/fake-kb');
    fakeKb
      .on('documents.get', () => detail(3, { title: 'Report' }))
      .on('documents.text', () => ({ id: 3, totalSections: 1, sections: [{ ordinal: 0, text: 'body' }], nextSection: null }))
      .on('documents.openExternally', () => {
        throw new FakeError('unavailable', 'Could not open /data/doc-3.txt: no application');
      })
      .on('documents.showInFolder', () => ({ shown: '/data/doc-3.txt' }));
    open(3);
    render(<ViewerView />);
    await userEvent.click(await screen.findByRole('button', { name: 'Open with system app' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not open /data/doc-3.txt: no application');
    await userEvent.click(screen.getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(fakeKb.callsOf('documents.openExternally')).toEqual([{ id: 3 }]);
    expect(fakeKb.callsOf('documents.showInFolder')).toEqual([{ id: 3 }]);
    expect(screen.queryByRole('link', { name: 'Download original' })).toBeNull();
  });

  it('shows an error for a missing document', async () => {
    const { FakeError } = await import('./support/fake-kb');
    fakeKb.on('documents.get', () => {
      throw new FakeError('not_found', 'No document 404');
    });
    fakeKb.on('documents.text', () => ({ id: 404, totalSections: 0, sections: [], nextSection: null }));
    await act(async () => open(404));
    render(<ViewerView />);
    expect((await screen.findByRole('alert')).textContent).toBe('No document 404');
  });
});
