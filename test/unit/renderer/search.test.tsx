// @vitest-environment jsdom
import { deferred, fakeKb } from './support/fake-kb';
import { hit } from './support/fixtures';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../shared/channels/library';
import { SearchView } from '../../../renderer/features/search/SearchView';
import { useSearch } from '../../../renderer/stores/search-store';
import { useNavigation } from '../../../renderer/stores/navigation-store';
import { useViewer } from '../../../renderer/stores/viewer-store';

const result = (query: string, hits: SearchResult['hits'], facets: SearchResult['facets'] = { types: {}, tags: {} }): SearchResult => ({
  query,
  total: hits.length,
  hits,
  facets,
  nextCursor: null,
  tookMs: 3,
});

beforeEach(() => {
  fakeKb.reset();
  useSearch.setState({ query: '', filters: { types: [], tags: [] }, status: 'idle', result: null, error: null, active: 0 });
});
afterEach(cleanup);

describe('SearchView', () => {
  it('searches as you type and marks matched terms from the highlight ranges, as text', async () => {
    const snippet = 'the solar <img src=x onerror=alert(1)> panel';
    fakeKb.on('search.query', (input) => result(input.query, [hit(7, snippet, [[4, 9], [39, 44]], { title: 'Solar notes' })]));
    render(<SearchView />);
    await userEvent.type(screen.getByRole('combobox', { name: 'Search' }), 'solar');

    const results = await screen.findByRole('listbox', { name: 'Search results' });
    await within(results).findByText('Solar notes');
    const marks = results.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['solar', 'panel']);
    expect(results.querySelector('img')).toBeNull();
    expect(results.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(screen.getByRole('status').textContent).toMatch(/1 result in 3 ms/);
  });

  it('shows only the newest answer when an older one arrives late', async () => {
    const slow = deferred<SearchResult>();
    fakeKb.on('search.query', (input) => (input.query === 'so' ? slow.promise : result(input.query, [hit(2, 'solar', [[0, 5]], { title: 'Newest' })])));
    render(<SearchView />);
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, 'so');
    await waitFor(() => expect(fakeKb.callsOf('search.query')).toHaveLength(1));
    await userEvent.type(box, 'lar');
    await screen.findByText('Newest');
    await act(async () => slow.resolve(result('so', [hit(1, 'stale', [], { title: 'Stale' })])));
    expect(screen.queryByText('Stale')).toBeNull();
    expect(screen.getByText('Newest')).toBeTruthy();
  });

  it('moves through results with the arrow keys and opens one with Enter, carrying the matched terms', async () => {
    fakeKb.on('search.query', (input) =>
      result(input.query, [hit(1, 'first tea', [[6, 9]], { title: 'One' }), hit(2, 'green tea leaves', [[6, 9]], { title: 'Two' })]),
    );
    render(<SearchView />);
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, 'tea');
    await screen.findByText('Two');
    const options = screen.getAllByRole('option');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{ArrowDown}');
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(useNavigation.getState()).toMatchObject({ view: 'document', param: '2' }));
    expect(useViewer.getState().terms).toContain('tea');
  });

  it('opens the newest query\'s hit when Enter is pressed before its results arrive', async () => {
    const late = deferred<SearchResult>();
    fakeKb.on('search.query', (input) => (input.query === 'tea' ? result('tea', [hit(1, 'tea', [[0, 3]], { title: 'Old' })]) : late.promise));
    render(<SearchView />);
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, 'tea');
    await screen.findByText('Old');
    await userEvent.type(box, 'pot{Enter}');
    expect(useNavigation.getState().param).not.toBe('1');
    await act(async () => late.resolve(result('teapot', [hit(9, 'teapot', [[0, 6]], { title: 'New' })])));
    await waitFor(() => expect(useNavigation.getState()).toMatchObject({ view: 'document', param: '9' }));
  });

  it('shows query errors as a message and the no-result state', async () => {
    const { FakeError } = await import('./support/fake-kb');
    fakeKb.on('search.query', (input) => {
      if (input.query.includes('"')) throw new FakeError('query_error', 'Unclosed quote in the query');
      return result(input.query, []);
    });
    render(<SearchView />);
    const box = screen.getByRole('combobox', { name: 'Search' });
    await userEvent.type(box, 'zebra');
    await screen.findByText(/No results for/);
    await userEvent.type(box, ' "open');
    expect((await screen.findByRole('alert')).textContent).toBe('Unclosed quote in the query');
  });

  it('filters by facet chips and explains the syntax in a popover', async () => {
    fakeKb.on('search.query', (input) => result(input.query, [hit(1, 'x', [])], { types: { pdf: 3, markdown: 1 }, tags: { home: 2 } }));
    render(<SearchView />);
    await userEvent.type(screen.getByRole('combobox', { name: 'Search' }), 'x');
    const pdf = await screen.findByRole('button', { name: /pdf/ });
    await userEvent.click(pdf);
    await waitFor(() => expect(fakeKb.callsOf('search.query').at(-1)).toMatchObject({ filters: { types: ['pdf'] } }));
    expect(screen.getByRole('button', { name: /pdf/ }).getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(screen.getByRole('button', { name: 'Syntax help' }));
    expect(within(screen.getByRole('dialog', { name: 'Query syntax' })).getByText('"exact phrase"')).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Query syntax' })).toBeNull();
  });
});
