// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { detail } from './support/fixtures';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoteCreateInput } from '../../../shared/channels/library';
import { NoteEditor } from '../../../renderer/features/notes/NoteEditor';
import { useNavigation } from '../../../renderer/stores/navigation-store';
import { useNote } from '../../../renderer/stores/note-store';

beforeEach(() => {
  fakeKb.reset();
  useNote.setState({ id: null, title: '', body: '', tags: [], savedTags: [], status: 'editing', dirty: false, error: null });
  useNavigation.setState({ view: 'note', param: 'new' });
});
afterEach(cleanup);

describe('NoteEditor', () => {
  it('creates the note on the first pause in typing, then updates it, with a live preview', async () => {
    fakeKb
      .on('notes.create', (input: NoteCreateInput) => detail(42, { type: 'note', title: input.title, noteBody: input.body, tags: input.tags ?? [] }))
      .on('notes.update', () => detail(42, { type: 'note' }))
      .on('tags.add', () => ({ changed: 1 }));
    render(<NoteEditor />);
    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(document.activeElement).toBe(title);
    await userEvent.type(title, 'Groceries');
    await userEvent.type(screen.getByRole('textbox', { name: 'Tags' }), 'home');
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), '# List{enter}{enter}- **milk**');

    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('heading', { name: 'List' })).toBeTruthy();
    expect(preview.querySelector('strong')?.textContent).toBe('milk');

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'), { timeout: 3000 });
    expect(fakeKb.callsOf('notes.create')).toEqual([{ title: 'Groceries', body: '# List\n\n- **milk**', tags: ['home'] }]);
    expect(useNavigation.getState().param).toBe('42');
    expect(window.location.hash).toBe('#/note/42');

    await userEvent.type(screen.getByRole('textbox', { name: 'Tags' }), ', urgent');
    await waitFor(() => expect(fakeKb.callsOf('tags.add')).toEqual([{ ids: [42], tags: ['urgent'] }]), { timeout: 3000 });
    expect(fakeKb.callsOf('notes.update').at(-1)).toMatchObject({ id: 42, title: 'Groceries' });
    expect(fakeKb.callsOf('notes.create')).toHaveLength(1);
  });

  it('loads an existing note and reports a failed save', async () => {
    const { FakeError } = await import('./support/fake-kb');
    fakeKb
      .on('documents.get', () => detail(7, { type: 'note', title: 'Old', noteBody: 'text', tags: ['a'] }))
      .on('notes.update', () => {
        throw new FakeError('unavailable', 'Lost the connection to the app; retrying');
      });
    useNavigation.setState({ param: '7' });
    render(<NoteEditor />);
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Old'));
    expect((screen.getByRole('textbox', { name: 'Tags' }) as HTMLInputElement).value).toBe('a');
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), '!');
    expect((await screen.findByRole('alert', {}, { timeout: 3000 })).textContent).toBe('Lost the connection to the app; retrying');
    expect(useNote.getState().dirty).toBe(true);
  });
});
