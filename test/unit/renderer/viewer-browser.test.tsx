// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { detail } from './support/fixtures';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewerView } from '../../../renderer/features/viewer/ViewerView';
import { useNavigation } from '../../../renderer/stores/navigation-store';

// The same page in browser mode: only which transport the app believes it runs on changes.
vi.mock('../../../renderer/api/kb', async (importOriginal) => ({ ...(await importOriginal<object>()), transport: 'browser' }));

beforeEach(() => fakeKb.reset());
afterEach(cleanup);

function serve(patch: Parameters<typeof detail>[1]) {
  fakeKb
    .on('documents.get', (input: { id: number }) => detail(input.id, patch))
    .on('documents.text', (input: { id: number }) => ({ id: input.id, totalSections: 1, sections: [{ ordinal: 0, text: 'hello' }], nextSection: null }));
}

describe('ViewerView in browser mode', () => {
  it('offers the stored original as a download, and no desktop actions', async () => {
    serve({ title: 'Report' });
    useNavigation.setState({ view: 'document', param: '12' });
    render(<ViewerView />);
    const link = await screen.findByRole('link', { name: 'Download original' });
    expect(link.getAttribute('href')).toBe('files/12/original');
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByRole('link', { name: 'Download text' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open with system app' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Show in folder' })).toBeNull();
  });

  it('offers no original for a document without a stored copy', async () => {
    serve({ title: 'Linked', sha256: null });
    useNavigation.setState({ view: 'document', param: '13' });
    render(<ViewerView />);
    await screen.findByRole('heading', { name: 'Linked', level: 1 });
    expect(screen.queryByRole('link', { name: 'Download original' })).toBeNull();
  });
});
