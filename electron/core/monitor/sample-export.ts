import type { SeriesTable } from './sample-history';

export type ExportTable = SeriesTable & {
  min?: SeriesTable['series'];
  max?: SeriesTable['series'];
};

/** Column names: every series, plus `<key>.min` / `<key>.max` for minute aggregates. */
function columns(table: ExportTable): Array<[string, (number | null)[]]> {
  const out: Array<[string, (number | null)[]]> = [];
  for (const key of Object.keys(table.series).sort()) {
    out.push([key, table.series[key]!]);
    if (table.min?.[key]) out.push([`${key}.min`, table.min[key]]);
    if (table.max?.[key]) out.push([`${key}.max`, table.max[key]]);
  }
  return out;
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per sample: `ts` (ms), `time` (ISO), then one column per series; empty = unknown. */
export function toCsv(table: ExportTable): string {
  const cols = columns(table);
  const lines = [['ts', 'time', ...cols.map(([k]) => k)].map(csvField).join(',')];
  table.ts.forEach((ts, i) => {
    lines.push([ts, new Date(ts).toISOString(), ...cols.map(([, v]) => v[i] ?? '')].join(','));
  });
  return lines.join('\n') + '\n';
}

/** One object per sample, unknown figures left out. */
export function toJson(table: ExportTable): string {
  const cols = columns(table);
  const rows = table.ts.map((ts, i) => {
    const row: Record<string, number | string> = { ts, time: new Date(ts).toISOString() };
    for (const [key, values] of cols) {
      const v = values[i];
      if (v !== null && v !== undefined) row[key] = v;
    }
    return row;
  });
  return JSON.stringify({ samples: rows }, null, 1);
}
