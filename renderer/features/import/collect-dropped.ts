/** A dropped file and its path relative to the drop (folders included), e.g. `photos/2024/a.jpg`. */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

/**
 * The entries of a drop. Must be called synchronously inside the drop event: the browser empties
 * the DataTransferItemList once the handler returns.
 */
export function entriesOf(items: DataTransferItemList | null): FileSystemEntry[] {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Every file under the dropped entries, walking folders (browser mode has no paths, only entries). */
export async function collectFiles(entries: FileSystemEntry[], signal?: AbortSignal): Promise<DroppedFile[]> {
  const files: DroppedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (signal?.aborted) return;
    const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File | null>((resolve) => (entry as FileSystemFileEntry).file(resolve, () => resolve(null)));
      if (file) files.push({ file, relativePath });
    } else if (entry.isDirectory) {
      for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, relativePath);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return files;
}

/** readEntries returns at most ~100 entries per call: call it until it returns none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (!batch.length) return all;
    all.push(...batch);
  }
}
