import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAggregateStore } from '../../../electron/core/monitor/aggregate-store';
import { MinuteAggregator } from '../../../electron/core/monitor/minute-aggregator';
import type { Alert } from '../../../shared/channels/monitor';

const MIN = 60_000;
const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-monitor-'));
  dirs.push(dir);
  return path.join(dir, 'library.sqlite');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('MinuteAggregator', () => {
  it('hands back min/avg/max of a minute once the next minute starts', () => {
    const agg = new MinuteAggregator();
    expect(agg.add(10 * MIN + 1000, new Map([['a', 4]]))).toBeNull();
    expect(
      agg.add(
        10 * MIN + 2000,
        new Map([
          ['a', 2],
          ['b', null],
        ]),
      ),
    ).toBeNull();
    expect(agg.add(10 * MIN + 3000, new Map([['a', 9]]))).toBeNull();
    expect(agg.add(11 * MIN, new Map([['a', 1]]))).toEqual({
      minute: 10 * MIN,
      series: { a: [2, 5, 9] },
    });
    expect(agg.flush()).toEqual({ minute: 11 * MIN, series: { a: [1, 1, 1] } });
  });
});

describe('SqliteAggregateStore', () => {
  it('appends minutes, reads a range back and prunes what is older than the retention', () => {
    const file = tempFile();
    const store = openAggregateStore(file);
    for (let m = 0; m < 10; m++)
      store.appendMinute({ minute: m * MIN, series: { 'app.rssBytes': [m, m + 0.5, m + 1] } });
    expect(store.readMinutes(3 * MIN, 5 * MIN).map((r) => r.minute)).toEqual([
      3 * MIN,
      4 * MIN,
      5 * MIN,
    ]);
    expect(store.readMinutes(4 * MIN, 4 * MIN)[0]!.series).toEqual({ 'app.rssBytes': [4, 4.5, 5] });
    expect(store.pruneBefore(7 * MIN)).toBe(7);
    store.close();

    const reopened = openAggregateStore(file);
    expect(reopened.readMinutes(0, Infinity).map((r) => r.minute)).toEqual([
      7 * MIN,
      8 * MIN,
      9 * MIN,
    ]);
    reopened.close();
  });

  it('keeps alerts by id, updates them on resolve, and prunes only resolved old ones', () => {
    const store = openAggregateStore(tempFile());
    const alert = (id: string, firedAt: number, resolvedAt: number | null): Alert => ({
      id,
      rule: 'cpu',
      message: 'm',
      value: 90,
      threshold: 70,
      subject: null,
      firedAt,
      resolvedAt,
    });
    store.saveAlert(alert('cpu:1', 1 * MIN, null));
    store.saveAlert(alert('cpu:2', 2 * MIN, null));
    store.saveAlert(alert('cpu:1', 1 * MIN, 3 * MIN));
    expect(store.readAlerts(0).map((a) => [a.id, a.resolvedAt])).toEqual([
      ['cpu:1', 3 * MIN],
      ['cpu:2', null],
    ]);
    expect(store.pruneBefore(10 * MIN)).toBe(1);
    expect(store.readAlerts(0).map((a) => a.id)).toEqual(['cpu:2']);
    store.close();
  });

  it('keeps the rules', () => {
    const file = tempFile();
    const store = openAggregateStore(file);
    expect(store.loadRules()).toBeNull();
    store.saveRules({ cpu: 1 });
    store.close();
    const again = openAggregateStore(file);
    expect(again.loadRules()).toEqual({ cpu: 1 });
    again.close();
  });
});
