import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../electron/core/app-core';
import { writeTextCorpus } from '../integration/reliability/support/text-corpus';
const root = mkdtempSync(path.join(os.tmpdir(), 'skr-soakdb-'));
const libraryDir = path.join(root, 'library');
const open = () => openCore({ libraryDir, role: 'host', distDir: path.resolve('dist'), appVersion: 'x', log: () => {} });
await (await open()).close();
if (process.argv[3] === 'secure') {
  const d = new Database(path.join(libraryDir, 'library.db'));
  d.exec("INSERT INTO chunk_fts(chunk_fts, rank) VALUES('secure-delete', 1); INSERT INTO title_fts(title_fts, rank) VALUES('secure-delete', 1);");
  d.close();
}
const core = await open();
const t0 = performance.now();
const ctx = { transport: 'browser' as const };
for (let cycle = 0; cycle < Number(process.argv[2] ?? 3); cycle++) {
  const src = path.join(root, `c${cycle}`);
  await writeTextCorpus(src, 500, { tag: `soak${cycle}`, seed: cycle + 1 });
  const r = await core.router.invoke('import.start', { paths: [src] }, ctx);
  await core.ingest.whenFinished((r as any).value.jobId);
  for (;;) {
    const page = (await core.router.invoke('documents.list', { limit: 500 }, ctx)) as any;
    const ids = page.value.items.map((d: any) => d.id);
    if (!ids.length) break;
    await core.router.invoke('documents.delete', { ids }, ctx);
  }
}
console.log('cycles ms', performance.now() - t0);
await core.close();
const db = new Database(path.join(libraryDir, 'library.db'));
db.pragma('wal_checkpoint(TRUNCATE)'); db.exec('VACUUM');
console.log(db.prepare("SELECT name, sum(pgsize) bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12").all());
console.log(root);
