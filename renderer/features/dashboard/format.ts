const MB = 1024 * 1024;

/** `1,234.5`: thousands separated; toFixed because Intl formatting is slow per call. */
function fixed(value: number, digits: number): string {
  const [whole, fraction] = Math.abs(value).toFixed(digits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 && Number(value.toFixed(digits)) !== 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Bytes as MB, one decimal under 100 MB. */
export function formatMB(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  const mb = bytes / MB;
  return `${fixed(mb, mb < 100 ? 1 : 0)} MB`;
}

export function formatPercent(value: number | null | undefined): string {
  return value == null ? '—' : `${fixed(value, value < 10 ? 1 : 0)} %`;
}

export function formatMs(value: number | null | undefined): string {
  return value == null ? '—' : `${fixed(value, value < 10 ? 1 : 0)} ms`;
}

export function formatCount(value: number | null | undefined): string {
  return value == null ? '—' : fixed(value, Number.isInteger(value) ? 0 : 1);
}

export function formatGrowth(value: number | null | undefined): string {
  return value == null ? '—' : `${value >= 0 ? '+' : ''}${fixed(value, 1)} %/h`;
}

/** `1d 2h`, `3h 4m`, `5m 6s`, `7s`. */
export function formatUptime(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local `HH:MM:SS` (or `HH:MM`). Hand-made: charts call it for every tick candidate, and Intl is slow per call. */
export function formatClock(ts: number, withSeconds = true): string {
  const d = new Date(ts);
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return withSeconds ? `${hm}:${two(d.getSeconds())}` : hm;
}
