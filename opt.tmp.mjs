import Database from 'better-sqlite3';
const db = new Database(process.argv[2]);
const t = performance.now();
let steps = 0, maxMs = 0;
const changes = db.prepare('SELECT total_changes()').pluck();
const merge = db.prepare("INSERT INTO chunk_fts(chunk_fts, rank) VALUES('merge', -200)");
for (;;) {
  const before = changes.get();
  const s = performance.now();
  merge.run();
  maxMs = Math.max(maxMs, performance.now() - s);
  steps++;
  if (changes.get() - before < 2) break;
}
console.log('merge steps', steps, 'ms', Math.round(performance.now() - t), 'max step ms', maxMs.toFixed(1));
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
