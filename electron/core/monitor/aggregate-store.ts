import Database from 'better-sqlite3';
import type { Alert } from '../../../shared/channels/monitor';
import type { MinuteAggregate } from './minute-aggregator';

/** Where the monitor keeps what outlives the in-memory hour: minute aggregates, alerts and its rules. */
export interface AggregateStore {
  appendMinute(aggregate: MinuteAggregate): void;
  /** Minutes with fromTs <= minute <= toTs, oldest first. */
  readMinutes(fromTs: number, toTs: number): MinuteAggregate[];
  /** Deletes minutes and resolved alerts older than ts; returns the rows removed. */
  pruneBefore(ts: number): number;
  /** Inserts or updates (on resolve) by alert id. */
  saveAlert(alert: Alert): void;
  /** Alerts fired at or after sinceTs, oldest first. */
  readAlerts(sinceTs: number): Alert[];
  loadRules(): unknown;
  saveRules(rules: unknown): void;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS monitor_minutes (minute INTEGER PRIMARY KEY, data TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS monitor_alerts (id TEXT PRIMARY KEY, fired_at INTEGER NOT NULL, resolved_at INTEGER, data TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS monitor_alerts_fired ON monitor_alerts (fired_at);
CREATE TABLE IF NOT EXISTS monitor_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

/** AggregateStore over a better-sqlite3 connection: one short statement per minute, one per alert change. */
export class SqliteAggregateStore implements AggregateStore {
  private readonly insertMinute: Database.Statement<[number, string]>;
  private readonly selectMinutes: Database.Statement<
    [number, number],
    { minute: number; data: string }
  >;
  private readonly deleteMinutes: Database.Statement<[number]>;
  private readonly deleteAlerts: Database.Statement<[number]>;
  private readonly upsertAlert: Database.Statement<[string, number, number | null, string]>;
  private readonly selectAlerts: Database.Statement<[number], { data: string }>;
  private readonly selectSetting: Database.Statement<[string], { value: string }>;
  private readonly upsertSetting: Database.Statement<[string, string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly ownsConnection = false,
  ) {
    db.exec(SCHEMA);
    this.insertMinute = db.prepare(
      'INSERT OR REPLACE INTO monitor_minutes (minute, data) VALUES (?, ?)',
    );
    this.selectMinutes = db.prepare(
      'SELECT minute, data FROM monitor_minutes WHERE minute BETWEEN ? AND ? ORDER BY minute',
    );
    this.deleteMinutes = db.prepare('DELETE FROM monitor_minutes WHERE minute < ?');
    this.deleteAlerts = db.prepare(
      'DELETE FROM monitor_alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?',
    );
    this.upsertAlert = db.prepare(
      `INSERT INTO monitor_alerts (id, fired_at, resolved_at, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET resolved_at = excluded.resolved_at, data = excluded.data`,
    );
    this.selectAlerts = db.prepare(
      'SELECT data FROM monitor_alerts WHERE fired_at >= ? ORDER BY fired_at',
    );
    this.selectSetting = db.prepare('SELECT value FROM monitor_settings WHERE key = ?');
    this.upsertSetting = db.prepare(
      'INSERT INTO monitor_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  appendMinute(aggregate: MinuteAggregate): void {
    this.insertMinute.run(aggregate.minute, JSON.stringify(aggregate.series));
  }

  readMinutes(fromTs: number, toTs: number): MinuteAggregate[] {
    return this.selectMinutes
      .all(fromTs, toTs)
      .map((row) => ({ minute: row.minute, series: JSON.parse(row.data) }));
  }

  pruneBefore(ts: number): number {
    return this.deleteMinutes.run(ts).changes + this.deleteAlerts.run(ts).changes;
  }

  saveAlert(alert: Alert): void {
    this.upsertAlert.run(alert.id, alert.firedAt, alert.resolvedAt, JSON.stringify(alert));
  }

  readAlerts(sinceTs: number): Alert[] {
    return this.selectAlerts.all(sinceTs).map((row) => JSON.parse(row.data) as Alert);
  }

  loadRules(): unknown {
    const row = this.selectSetting.get('rules');
    return row ? JSON.parse(row.value) : null;
  }

  saveRules(rules: unknown): void {
    this.upsertSetting.run('rules', JSON.stringify(rules));
  }

  close(): void {
    if (this.ownsConnection) this.db.close();
  }
}

/** Opens (or creates) `file` with its own connection; WAL so it does not block a library's readers. */
export function openAggregateStore(file: string, nativeBinding?: string): SqliteAggregateStore {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // No fsync per minute row (~20 ms on a busy disk, on the main thread); WAL stays consistent,
  // a power cut may lose the last minutes.
  db.pragma('synchronous = NORMAL');
  // SQLite waits for a lock by sleeping the calling thread: keep that short on the main thread.
  // A minute that cannot be written is logged and skipped.
  db.pragma('busy_timeout = 250');
  return new SqliteAggregateStore(db, true);
}
