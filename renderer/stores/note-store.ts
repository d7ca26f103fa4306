import { create } from 'zustand';
import { NoteCreateInput } from '../../shared/channels/library';
import { call } from '../api/kb';
import { messageOf } from '../components/format';
import { useNavigation } from './navigation-store';

export const AUTOSAVE_MS = 600;
const UNTITLED = 'Untitled note';

interface NoteState {
  /** Null until a new note is first saved. */
  id: number | null;
  title: string;
  body: string;
  tags: string[];
  /** Tags as last saved: the difference is what the next save adds and removes. */
  savedTags: string[];
  status: 'loading' | 'editing' | 'saving' | 'saved' | 'error';
  error: string | null;
  dirty: boolean;
  open(param: string | null): Promise<void>;
  edit(patch: Partial<Pick<NoteState, 'title' | 'body' | 'tags'>>): void;
  save(): Promise<void>;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> | null = null;

/** The note being edited; edits are saved after a short pause in typing (and on leaving). */
export const useNote = create<NoteState>((set, get) => ({
  id: null,
  title: '',
  body: '',
  tags: [],
  savedTags: [],
  status: 'editing',
  error: null,
  dirty: false,

  async open(param) {
    clearTimeout(timer);
    if (get().dirty) await get().save();
    const id = Number(param);
    if (!Number.isInteger(id) || id <= 0) {
      set({ id: null, title: '', body: '', tags: [], savedTags: [], status: 'editing', error: null, dirty: false });
      return;
    }
    if (get().id === id) return;
    set({ id, status: 'loading', error: null, dirty: false });
    try {
      const doc = await call('documents.get', { id });
      set({ title: doc.title, body: doc.noteBody ?? '', tags: doc.tags, savedTags: doc.tags, status: 'saved' });
    } catch (error) {
      set({ status: 'error', error: messageOf(error) });
    }
  },

  edit(patch) {
    set({ ...patch, dirty: true, status: 'editing' });
    clearTimeout(timer);
    timer = setTimeout(() => void get().save(), AUTOSAVE_MS);
  },

  async save() {
    clearTimeout(timer);
    if (saving) await saving;
    if (!get().dirty) return;
    saving = persist().finally(() => (saving = null));
    await saving;
  },
}));

async function persist(): Promise<void> {
  const { id, title, body, tags, savedTags } = useNote.getState();
  const input = NoteCreateInput.safeParse({ title: title.trim() || UNTITLED, body, tags });
  if (!input.success) {
    useNote.setState({ status: 'error', error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    return;
  }
  useNote.setState({ status: 'saving', dirty: false });
  try {
    if (id === null) {
      const created = await call('notes.create', input.data);
      useNote.setState({ id: created.id, savedTags: created.tags });
      // Name the new note in the address without reloading the editor.
      history.replaceState(null, '', `#/note/${created.id}`);
      useNavigation.setState({ param: String(created.id) });
    } else {
      await call('notes.update', { id, title: input.data.title, body });
      const added = tags.filter((t) => !savedTags.includes(t));
      const removed = savedTags.filter((t) => !tags.includes(t));
      if (added.length) await call('tags.add', { ids: [id], tags: added });
      if (removed.length) await call('tags.remove', { ids: [id], tags: removed });
      useNote.setState({ savedTags: tags });
    }
    if (!useNote.getState().dirty) useNote.setState({ status: 'saved', error: null });
  } catch (error) {
    useNote.setState({ status: 'error', error: messageOf(error), dirty: true });
  }
}
