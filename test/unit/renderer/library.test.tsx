// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { doc } from './support/fixtures';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentSummary, ListInput } from '../../../shared/channels/library';
import { LibraryView } from '../../../renderer/features/library/LibraryView';
import { useLibrary } from '../../../renderer/stores/library-store';

/** A library of `total` documents served page by page like the core does (cursor = next offset). */
function serveLibrary(total: number, make: (id: number) => DocumentSummary = (id) => doc(id)) {
  const tagged = new Map<number, string[]>();
  fakeKb
    .on('documents.list', (input: Required<ListInput>) => {
      const at = (id: number) => {
        const d = make(id);
        return { ...d, tags: tagged.get(id) ?? d.tags };
      };
      const filtered = input.type || input.tag;
      const all = filtered
        ? Array.from({ length: total }, (_, i) => at(i + 1)).filter((d) => (!input.type || d.type === input.type) && (!input.tag || d.tags.includes(input.tag)))
        : null;
      const count = all ? all.length : total;
      const from = input.offset ?? Number(input.cursor ?? 0);
      const end = Math.min(count, from + input.limit);
      const items = all ? all.slice(from, end) : Array.from({ length: end - from }, (_, i) => at(from + i + 1));
      return { total: count, items, nextCursor: end < count ? String(end) : null };
    })
    .on('tags.list', () => [...new Set([...tagged.values()].flat())].map((name) => ({ name, count: 1 })))
    .on('library.stats', () => ({ documents: total, notes: 0, tags: 0, chunks: 0, blobBytes: 0, databaseBytes: 0, walBytes: 0, byType: { text: total } }))
    // Like the core: per tag, the documents whose link changed.
    .on('tags.add', (input: { ids: number[]; tags: string[] }) => {
      const byTag = input.tags.map((tag) => ({ tag, ids: input.ids.filter((id) => !(tagged.get(id) ?? []).includes(tag)) }));
      for (const id of input.ids) tagged.set(id, [...new Set([...(tagged.get(id) ?? []), ...input.tags])]);
      return { changed: byTag.reduce((n, t) => n + t.ids.length, 0), byTag };
    })
    .on('tags.remove', (input: { ids: number[]; tags: string[] }) => {
      const byTag = input.tags.map((tag) => ({ tag, ids: input.ids.filter((id) => (tagged.get(id) ?? []).includes(tag)) }));
      for (const id of input.ids) tagged.set(id, (tagged.get(id) ?? []).filter((t) => !input.tags.includes(t)));
      return { changed: byTag.reduce((n, t) => n + t.ids.length, 0), byTag };
    })
    .on('documents.ids', () => ({ ids: Array.from({ length: total }, (_, i) => i + 1) }))
    .on('documents.delete', (input: { ids: number[] }) => ({ deleted: input.ids, missing: [] }));
  return tagged;
}

beforeEach(() => {
  fakeKb.reset();
  useLibrary.setState({ items: [], total: 0, selected: new Set(), type: null, tag: null, sort: 'date', order: 'desc', layout: 'list', notice: null });
});
afterEach(cleanup);

describe('LibraryView', () => {
  it('renders only the visible rows of 100,000 documents', async () => {
    serveLibrary(100_000);
    render(<LibraryView />);
    const list = await screen.findByRole('list', { name: 'Documents' });
    await within(list).findByText('Document 1');
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('100000');
    expect(screen.getByTestId('library-count').textContent).toBe('100,000 documents');
    expect((fakeKb.callsOf('documents.list')[0] as ListInput).limit).toBeLessThanOrEqual(500);
  });

  it('jumps straight to the rows on screen, however far down, without walking the pages between', async () => {
    serveLibrary(100_000);
    await useLibrary.getState().reload();
    const { ensureRange } = useLibrary.getState();
    ensureRange(50_010, 50_030);
    // Scrolled past before its page was asked for: never fetched.
    ensureRange(99_980, 99_999);
    await waitFor(() => expect(useLibrary.getState().items[99_999]?.id).toBe(100_000));
    const offsets = fakeKb.callsOf('documents.list').map((input) => (input as ListInput).offset);
    expect(offsets).toEqual([0, 50_000, 99_800]);
    expect(useLibrary.getState().items[99_800]?.id).toBe(99_801);
    expect(useLibrary.getState().items[5_000]).toBeUndefined();
  });

  it('refreshes the rows on screen in place and starts over when the listing changes size', async () => {
    let total = 1_000;
    serveLibrary(1_000);
    fakeKb.on('documents.list', (input: Required<ListInput>) => {
      const end = Math.min(total, input.offset + input.limit);
      const items = Array.from({ length: Math.max(0, end - input.offset) }, (_, i) => doc(total - input.offset - i));
      return { total, items, nextCursor: null };
    });
    await useLibrary.getState().reload();
    useLibrary.getState().ensureRange(900, 920);
    await waitFor(() => expect(useLibrary.getState().items[900]?.id).toBe(100));
    // Ten documents arrive; a deep page fetched afterwards sees a new total and reloads.
    total = 1_010;
    useLibrary.getState().ensureRange(600, 620);
    await waitFor(() => expect(useLibrary.getState().total).toBe(1_010));
    await waitFor(() => expect(useLibrary.getState().items[600]?.id).toBe(410));
    expect(useLibrary.getState().items[0]?.id).toBe(1_010);
    expect(useLibrary.getState().items[900]).toBeUndefined();
    // A stale page stops the fetching until the reload: no request storm.
    expect(fakeKb.callsOf('documents.list').length).toBeLessThanOrEqual(6);
  });

  it('sorts and filters through the listing channel', async () => {
    serveLibrary(30, (id) => doc(id, { type: id % 2 ? 'text' : 'pdf' }));
    render(<LibraryView />);
    await screen.findByText('Document 1');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'title');
    await waitFor(() => expect(fakeKb.callsOf('documents.list').at(-1)).toMatchObject({ sort: 'title', order: 'asc' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'text');
    await waitFor(() => expect(screen.getByTestId('library-count').textContent).toBe('15 matching documents'));
    expect(screen.queryByText('Document 2')).toBeNull();
  });

  it('tags the selected documents, validates tags, and can undo', async () => {
    const tagged = serveLibrary(5);
    render(<LibraryView />);
    await screen.findByText('Document 1');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Document 1' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Document 3' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Tag…' }));
    const dialog = screen.getByRole('dialog', { name: 'Tag 2 documents' });
    const input = within(dialog).getByLabelText('Tags, separated by commas');
    await userEvent.type(input, 'x'.repeat(70));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add tags' }));
    expect(within(dialog).getByText('a tag has at most 64 characters')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');

    tagged.set(3, ['2025']);
    await userEvent.clear(input);
    await userEvent.type(input, 'travel, 2025');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add tags' }));
    await screen.findByText('Tagged 2 documents with travel, 2025.');
    expect(tagged.get(1)).toEqual(['travel', '2025']);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Documents' })).getAllByText('travel')).toHaveLength(2));

    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Tagging undone.');
    // Only what the action added is taken back: document 3 had "2025" before.
    expect(tagged.get(1)).toEqual([]);
    expect(tagged.get(3)).toEqual(['2025']);
  });

  it('selects every document of the listing, loaded or not, and acts on them in batches', async () => {
    const tagged = serveLibrary(25_000);
    render(<LibraryView />);
    await screen.findByText('Document 1');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Document 1' }));
    await userEvent.click(screen.getByRole('button', { name: 'Select all 25,000' }));
    await screen.findByText('25,000 selected');
    expect(screen.queryByRole('button', { name: /Select all/ })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Tag…' }));
    await userEvent.type(screen.getByLabelText('Tags, separated by commas'), 'bulk');
    await userEvent.click(screen.getByRole('button', { name: 'Add tags' }));
    await screen.findByText('Tagged 25,000 documents with bulk.');
    expect(fakeKb.callsOf('tags.add').map((c) => (c as { ids: number[] }).ids.length)).toEqual([10_000, 10_000, 5_000]);
    expect(tagged.get(24_999)).toEqual(['bulk']);

    await userEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleted 25,000 documents.');
    expect(fakeKb.callsOf('documents.delete').map((c) => (c as { ids: number[] }).ids.length)).toEqual([10_000, 10_000, 5_000]);
  });

  it('asks before deleting, then deletes the selection', async () => {
    serveLibrary(3);
    render(<LibraryView />);
    await screen.findByText('Document 2');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select Document 2' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete 1 document?' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fakeKb.callsOf('documents.delete')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleted 1 document.');
    expect(fakeKb.callsOf('documents.delete')).toEqual([{ ids: [2] }]);
    expect(dialog.isConnected).toBe(false);
  });

  it('switches to the grid and moves between items with the keyboard', async () => {
    serveLibrary(40);
    render(<LibraryView />);
    await screen.findByText('Document 1');
    await userEvent.click(screen.getByRole('button', { name: 'Grid', exact: true } as never));
    expect(useLibrary.getState().layout).toBe('grid');
    screen.getByRole('button', { name: 'Document 1' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Document 2'));
    await userEvent.keyboard(' ');
    expect(useLibrary.getState().selected.has(2)).toBe(true);
  });

  it('shows a document\'s thumbnail on its grid card when it has one', async () => {
    serveLibrary(2, (id) => doc(id, id === 1 ? { type: 'image', thumbnail: 'thumbs/ab.webp' } : {}));
    useLibrary.setState({ layout: 'grid' });
    render(<LibraryView />);
    await screen.findByText('Document 2');
    const cards = screen.getAllByRole('listitem');
    expect(cards[0]!.querySelector('img')?.getAttribute('src')).toBe('files/1/thumbnail');
    expect(cards[1]!.querySelector('img')).toBeNull();
    expect(cards[1]!.querySelector('.type-icon')?.textContent).toBe('TXT');
  });

  it('shows the empty state', async () => {
    serveLibrary(0);
    render(<LibraryView />);
    expect(await screen.findByText('Your library is empty.')).toBeTruthy();
  });
});
