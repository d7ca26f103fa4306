import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every entry under `dir` (not following links) with its type, size and mtime; `skip` folders are left out. */
export function snapshotTree(dir: string, skip: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (skip.includes(full)) continue;
      const s = lstatSync(full);
      const type = s.isSymbolicLink()
        ? 'link'
        : s.isDirectory()
          ? 'dir'
          : s.isFile()
            ? 'file'
            : 'other';
      out.set(full, `${type}:${s.isDirectory() ? 0 : s.size}:${Math.round(s.mtimeMs)}`);
      if (type === 'dir') visit(full);
    }
  };
  visit(dir);
  return out;
}

/** Entries added, removed or changed between two snapshots. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [file, info] of after)
    if (before.get(file) !== info)
      changes.push(`${before.has(file) ? 'changed' : 'added'} ${file}`);
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes;
}
