import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/core/api/event-hub';
import { Monitor } from '../../../electron/core/monitor/monitor';
import { runMonitorCommand } from '../../../electron/host/commands/monitor.command';
import { runReportCommand } from '../../../electron/host/commands/report.command';

// A real child process that obeys one command per stdin line and answers "ok <what>" on stdout:
// `open DIR N` opens N files and keeps them open, `busy MS` spins one core for MS.
const CHILD = `
const fs = require('node:fs');
const path = require('node:path');
const kept = [];
let buffer = '';
process.stdin.on('data', (d) => {
  buffer += d;
  let nl;
  while ((nl = buffer.indexOf('\\n')) >= 0) {
    const [cmd, a, b] = buffer.slice(0, nl).split(' ');
    buffer = buffer.slice(nl + 1);
    if (cmd === 'open') for (let i = 0; i < Number(b); i++) kept.push(fs.openSync(path.join(a, 'f' + kept.length), 'w'));
    if (cmd === 'busy') {
      // Spins one core; every ~5 ms writes its own CPU time (getrusage) to FILE, an independent
      // reference the test reads at the moments it samples.
      process.stdout.write('ok busy-start\\n');
      const end = Date.now() + Number(a);
      let next = 0;
      while (Date.now() < end) {
        if (Date.now() >= next) {
          const u = process.cpuUsage();
          fs.writeFileSync(b + '.tmp', String((u.user + u.system) / 1e6));
          fs.renameSync(b + '.tmp', b); // whole values only, never a half-written file
          next = Date.now() + 5;
        }
      }
    }
    process.stdout.write('ok ' + cmd + '\\n');
  }
});
process.stdout.write('ok ready\\n');
`;

const linux = process.platform === 'linux';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Child {
  readonly proc: ChildProcessWithoutNullStreams;
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  constructor() {
    this.proc = spawn(process.execPath, ['-e', CHILD]);
    this.proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.lines.push(...d.split('\n').filter(Boolean));
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  get pid(): number {
    return this.proc.pid!;
  }
  async expect(line: string): Promise<void> {
    while (!this.lines.includes(line)) await new Promise<void>((r) => this.waiters.push(r));
    this.lines.splice(this.lines.indexOf(line), 1);
  }
  async send(command: string, reply: string): Promise<void> {
    this.proc.stdin.write(command + '\n');
    await this.expect(reply);
  }
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    this.proc.kill();
    await once(this.proc, 'exit');
  }
}

const ps = (pid: number, field: string) =>
  Number(execFileSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' }).trim());
const lsFds = (pid: number) =>
  Number(execFileSync('sh', ['-c', `ls /proc/${pid}/fd | wc -l`], { encoding: 'utf8' }).trim());

describe.runIf(linux)('probe accuracy against /proc and ps (real child process)', () => {
  let child: Child;
  let dir: string;
  let monitor: Monitor;
  const sampleOfChild = () => monitor.tick().processes.find((p) => p.pid === child.pid)!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skr-probe-'));
    child = new Child();
    await child.expect('ok ready');
    await sleep(300); // let Node finish starting its threads
    monitor = new Monitor({
      events: new EventHub(),
      sources: { workers: () => [{ pid: child.pid, name: 'worker-1' }] },
    });
  });
  afterAll(async () => {
    monitor.close();
    await child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the resident memory, threads and uptime that ps reports', () => {
    const p = sampleOfChild();
    const psRssBytes = ps(child.pid, 'rss') * 1024;
    expect(p.role).toBe('worker');
    expect(p.name).toBe('worker-1');
    expect(Math.abs(p.rssBytes! - psRssBytes)).toBeLessThanOrEqual(
      Math.max(256 * 1024, psRssBytes * 0.01),
    );
    expect(p.threads).toBe(ps(child.pid, 'nlwp'));
    expect(Math.abs(p.uptimeS! - ps(child.pid, 'etimes'))).toBeLessThanOrEqual(1.5);
  });

  it('reports the open descriptors that /proc lists, and k more after opening k files', async () => {
    const before = sampleOfChild().fds!;
    expect(before).toBe(lsFds(child.pid));
    await child.send(`open ${dir} 17`, 'ok open');
    const after = sampleOfChild().fds!;
    expect(after - before).toBe(17);
    expect(after).toBe(lsFds(child.pid));
  });

  it('reads a busy loop near 100 % of one core and an idle process near 0', async () => {
    sampleOfChild(); // start a CPU interval while idle
    await sleep(1000);
    const idle = sampleOfChild().cpuPercent!;
    expect(idle).toBeLessThan(5);

    const cpuFile = path.join(dir, 'cpu');
    const selfCpu = () => Number(readFileSync(cpuFile, 'utf8'));
    child.proc.stdin.write(`busy 2500 ${cpuFile}\n`);
    await child.expect('ok busy-start');
    await sleep(200);
    const first = sampleOfChild();
    const [selfStart, wallStart] = [selfCpu(), performance.now()];
    await sleep(1500);
    const second = sampleOfChild();
    const [selfEnd, wallEnd] = [selfCpu(), performance.now()];
    await child.expect('ok busy');
    // On an idle machine both read ~100; when other work shares the cores the spin gets less,
    // and the probe must read what the child measured of itself over the same interval.
    const selfPercent = ((selfEnd - selfStart) * 100_000) / (wallEnd - wallStart);
    expect(second.cpuPercent!).toBeGreaterThan(Math.max(10, idle + 5));
    expect(second.cpuPercent!).toBeLessThan(105);
    expect(Math.abs(second.cpuPercent! - selfPercent)).toBeLessThan(5);
    expect(
      Math.abs(second.cpuSecondsTotal! - first.cpuSecondsTotal! - (selfEnd - selfStart)),
    ).toBeLessThan(0.05);
  });

  it('agrees with ps for its own process too', () => {
    const self = monitor.tick().processes[0]!;
    expect(self.pid).toBe(process.pid);
    expect(self.threads).toBe(ps(process.pid, 'nlwp'));
    expect(self.fds).toBe(readdirSync('/proc/self/fd').length - 1);
    const psRss = ps(process.pid, 'rss') * 1024;
    expect(Math.abs(self.rssBytes! - psRss)).toBeLessThan(psRss * 0.05);
  });

  it('drops a process that has ended', async () => {
    const other = new Child();
    await other.expect('ok ready');
    const m = new Monitor({
      events: new EventHub(),
      sources: { workers: () => [{ pid: other.pid, name: 'short' }] },
    });
    expect(m.tick().processes.map((p) => p.name)).toContain('short');
    await other.kill();
    expect(m.tick().processes.map((p) => p.name)).not.toContain('short');
    m.close();
  });
});

describe.runIf(linux)('skr monitor (runMonitorCommand)', () => {
  it('prints one JSON line per sample with the documented fields, covering its child processes', async () => {
    const child = new Child();
    await child.expect('ok ready');
    const monitor = new Monitor({
      events: new EventHub(),
      self: { role: 'cli', name: 'cli' },
      discoverChildren: true,
    });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    try {
      await runMonitorCommand(monitor, out, { json: true, intervalS: 0.25, count: 3 });
    } finally {
      monitor.close();
      await child.kill();
    }
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['ts', 'processes', 'eventLoopDelayMs', 'alerts']);
      expect(Object.keys(line.eventLoopDelayMs)).toEqual(['p50', 'p99', 'max']);
      for (const p of line.processes) {
        expect(Object.keys(p)).toEqual([
          'pid',
          'role',
          'name',
          'rssBytes',
          'heapBytes',
          'cpuPercent',
          'fds',
          'threads',
        ]);
        expect(p.cpuPercent).toEqual(expect.any(Number)); // primed: no first-reading null
      }
      expect(line.processes[0]).toMatchObject({ pid: process.pid, role: 'cli', name: 'cli' });
      expect(line.processes.find((p: { pid: number }) => p.pid === child.pid)).toMatchObject({
        role: 'other',
        name: `child-${child.pid}`,
      });
    }
    expect(lines[1].ts - lines[0].ts).toBeGreaterThanOrEqual(240);
  });

  it('prints a readable table without --json', async () => {
    const monitor = new Monitor({ events: new EventHub(), self: { role: 'cli', name: 'cli' } });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    await runMonitorCommand(monitor, out, { json: false, intervalS: 0.25, count: 1 });
    monitor.close();
    expect(text).toMatch(/event loop p50 [\d.]+ ms/);
    expect(text).toMatch(/ROLE\s+NAME\s+PID\s+RSS MB\s+HEAP MB\s+CPU %\s+FDS\s+THREADS/);
    expect(text).toContain(`cli   cli   ${process.pid}`);
  });
});

describe('skr report (runReportCommand)', () => {
  it('samples when it has nothing yet and writes the Markdown report to --out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-report-'));
    const monitor = new Monitor({ events: new EventHub(), self: { role: 'cli', name: 'cli' } });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    try {
      const file = path.join(dir, 'report.md');
      const markdown = await runReportCommand(monitor, out, { outFile: file, warmupMs: 300 });
      expect(readFileSync(file, 'utf8')).toBe(markdown);
      expect(text).toBe(`Wrote ${file}\n`);
      expect(markdown).toMatch(/^\| Memory Baseline \| \d+MB \| <512MB \| ✅ Good \|$/m);
      expect(markdown).toMatch(
        /^\| cli \| cli \| \d+ \| \d+MB \| \d+MB \| [\d.]+% \| \d+ \| \d+ \|$/m,
      );
    } finally {
      monitor.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
