import { existsSync } from 'node:fs';
import { AppError } from '../app-error';
import type { Handlers } from '../router';
import type { Library } from '../../library';
import type { BlobStore } from '../../ingest';

/** What only the desktop shell can do; Electron main passes `shell`'s functions. */
export interface DesktopShell {
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
}

type DesktopChannels = 'documents.openExternally' | 'documents.showInFolder';

export function desktopHandlers(library: Library, blobs: BlobStore, shell: DesktopShell | undefined): Pick<Handlers, DesktopChannels> {
  const require = (): DesktopShell => {
    if (!shell) throw new AppError('unavailable', 'Only the desktop app can open files with other programs');
    return shell;
  };
  /** The original where it still is, else the library's own copy. */
  const pathOf = async (id: number): Promise<string> => {
    const doc = await library.getDocument(id);
    if (doc.path && existsSync(doc.path)) return doc.path;
    if (doc.sha256) return blobs.pathOf(doc.sha256);
    throw new AppError('not_found', `Document ${id} has no file (notes live only in the library)`);
  };
  return {
    'documents.openExternally': async ({ id }) => {
      const file = await pathOf(id);
      const failure = await require().openPath(file);
      if (failure) throw new AppError('unavailable', `Could not open ${file}: ${failure}`);
      return { opened: file };
    },
    'documents.showInFolder': async ({ id }) => {
      const file = await pathOf(id);
      require().showItemInFolder(file);
      return { shown: file };
    },
  };
}
