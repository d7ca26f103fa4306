import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
for (const t of ['chunk_fts', 'title_fts']) {
  const rows = db.prepare(`SELECT segid, count(*) n FROM ${t}_idx GROUP BY segid`).all();
  console.log(t, 'segments', rows.length, rows.map(r => r.n).join(' '));
}
console.log(db.prepare("SELECT name, sum(pgsize)/1048576 mb FROM dbstat GROUP BY name ORDER BY mb DESC LIMIT 6").all());
