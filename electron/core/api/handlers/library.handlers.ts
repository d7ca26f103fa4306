import type { Handlers } from '../router';
import type { Library } from '../../library';

type LibraryChannels =
  | 'library.stats'
  | 'library.poolStats'
  | 'search.query'
  | 'documents.list'
  | 'documents.ids'
  | 'documents.get'
  | 'documents.text'
  | 'documents.delete'
  | 'notes.create'
  | 'notes.update'
  | 'notes.delete'
  | 'tags.list'
  | 'tags.add'
  | 'tags.remove'
  | 'tags.rename';

/**
 * The library's channels. `search.query` is search-as-you-type friendly: a new query cancels the
 * same caller's previous one still waiting for a reader, as does the caller's `ctx.signal`.
 */
export function libraryHandlers(library: Library): Pick<Handlers, LibraryChannels> {
  const latestSearch = new Map<string, AbortController>();
  return {
    'library.stats': () => library.stats(),
    'library.poolStats': () => library.readerPoolStats(),
    'search.query': async (input, ctx) => {
      const client = ctx.client ?? ctx.transport;
      latestSearch.get(client)?.abort();
      const controller = new AbortController();
      latestSearch.set(client, controller);
      const signal = ctx.signal
        ? AbortSignal.any([ctx.signal, controller.signal])
        : controller.signal;
      try {
        return await library.search(input, { signal });
      } finally {
        if (latestSearch.get(client) === controller) latestSearch.delete(client);
      }
    },
    'documents.list': (input, ctx) => library.list(input, { signal: ctx.signal }),
    'documents.ids': async (input, ctx) => ({ ids: await library.listIds(input, { signal: ctx.signal }) }),
    'documents.get': (input) => library.getDocument(input.id),
    'documents.text': (input) => library.documentText(input.id, input.fromSection, input.maxChars),
    'documents.delete': async (input) => {
      const { deleted, missing } = await library.deleteDocuments(input.ids);
      return { deleted, missing };
    },
    'notes.create': (input) => library.createNote(input),
    'notes.update': (input) => library.updateNote(input.id, input),
    'notes.delete': async (input) => ({ deleted: await library.deleteNote(input.id) }),
    'tags.list': () => library.listTags(),
    'tags.add': (input) => library.addTags(input.ids, input.tags),
    'tags.remove': (input) => library.removeTags(input.ids, input.tags),
    'tags.rename': (input) => library.renameTag(input.from, input.to),
  };
}
