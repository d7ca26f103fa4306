import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, snapshotTree } from '../../integration/reliability/support/fs-snapshot';
import { listeningSockets } from '../../integration/reliability/support/listening-sockets';
import { descendants, openFds, rssBytes } from '../../integration/reliability/support/process-tree';

describe('the /proc readers the reliability tests rely on', () => {
  it('finds this process listening on 127.0.0.1 and ::1, with the right ports', async () => {
    const servers = await Promise.all(
      ['127.0.0.1', '::1'].map(
        (host) =>
          new Promise<net.Server>((resolve) => {
            const server = net.createServer();
            server.listen(0, host, () => resolve(server));
          }),
      ),
    );
    try {
      const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
      const found = listeningSockets(process.pid);
      expect(found).toContainEqual({ address: '127.0.0.1', port: ports[0] });
      expect(found).toContainEqual({ address: '::1', port: ports[1] });
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('sees a child and its grandchild, their memory, and our descriptors', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'inherit' }); setTimeout(() => {}, 5000)",
      ],
      { stdio: 'ignore' },
    );
    try {
      await expect
        .poll(() => descendants(child.pid!).length, { timeout: 5000 })
        .toBeGreaterThanOrEqual(1);
      const tree = descendants(process.pid);
      expect(tree).toContain(child.pid);
      expect(tree).toContain(descendants(child.pid!)[0]);
      expect(rssBytes(child.pid!)).toBeGreaterThan(1024 * 1024);
      expect(rssBytes(2 ** 22 + 12345)).toBeNull();
      expect(openFds(process.pid)).toBeGreaterThan(2);
    } finally {
      for (const pid of descendants(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }
  });

  it('notices a file added, changed or removed under a folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skr-snap-'));
    try {
      writeFileSync(path.join(dir, 'a.txt'), 'a');
      const before = snapshotTree(dir);
      expect(diffSnapshots(before, snapshotTree(dir))).toEqual([]);
      writeFileSync(path.join(dir, 'b.txt'), 'b');
      writeFileSync(path.join(dir, 'a.txt'), 'longer');
      expect(diffSnapshots(before, snapshotTree(dir)).sort()).toEqual([
        `added ${path.join(dir, 'b.txt')}`,
        `changed ${path.join(dir, 'a.txt')}`,
      ]);
      rmSync(path.join(dir, 'a.txt'));
      expect(diffSnapshots(before, snapshotTree(dir))).toContain(
        `removed ${path.join(dir, 'a.txt')}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
