// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { detail } from './support/fixtures';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMatches, queryWords } from '../../../renderer/components/Highlighted';
import { renderMarkdown } from '../../../renderer/features/viewer/markdown';
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
