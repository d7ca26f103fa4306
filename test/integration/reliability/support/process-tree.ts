import { readdirSync, readFileSync } from 'node:fs';

/** The parent pid in /proc/PID/stat (the field after the parenthesised command, which may hold spaces). */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Every live descendant of `root` (children, grandchildren…), read from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Resident set size of `pid` in bytes (`RssAnon`: only its anonymous memory, not mapped files), or
 * null once it is gone.
 */
export function rssBytes(pid: number, field: 'VmRSS' | 'RssAnon' = 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Open file descriptors of `pid`. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export interface RssPeaks {
  /** Highest RSS of the root process. */
  main: number;
  /** Highest RSS any one descendant reached. */
  worker: number;
  /** Highest sum over the tree at one instant. */
  total: number;
  samples: number;
}

/** Samples the RSS of `root` and its descendants every `intervalMs` until stopped. */
export function sampleRss(root: number, intervalMs = 50): { stop(): RssPeaks } {
  const peaks: RssPeaks = { main: 0, worker: 0, total: 0, samples: 0 };
  const tick = () => {
    const main = rssBytes(root) ?? 0;
    let total = main;
    for (const pid of descendants(root)) {
      const rss = rssBytes(pid) ?? 0;
      peaks.worker = Math.max(peaks.worker, rss);
      total += rss;
    }
    peaks.main = Math.max(peaks.main, main);
    peaks.total = Math.max(peaks.total, total);
    peaks.samples++;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { ...peaks };
    },
  };
}
