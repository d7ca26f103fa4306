import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skr, tempDir } from '../../support/skr';
import pkg from '../../../package.json';

describe('skr CLI', () => {
  it('lists its commands with --help', () => {
    const result = skr(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['serve', 'stats']) expect(result.stdout).toMatch(new RegExp(`skr ${command}\\b`));
  });

  it('prints its version', () => {
    const result = skr(['--version']);
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('refuses unknown commands and bad flags with a one-line error, usage and exit code 2', () => {
    const unknown = skr(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe("skr: unknown command 'frobnicate'");
    expect(unknown.stderr).toContain('Usage: skr');

    const badFlag = skr(['stats', '--bogus']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr.split('\n')[0]).toMatch(/^skr: .*--bogus/);

    const badPort = skr(['serve', '--port', 'eighty']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr.split('\n')[0]).toContain('--port');
  });

  it('creates a new library on first use and prints valid stats JSON', () => {
    const dir = path.join(tempDir(), 'fresh library');
    const result = skr(['stats', '--json', '--library', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats).toMatchObject({ library: dir, documents: 0, notes: 0, chunks: 0, tags: 0 });
    expect(existsSync(dir)).toBe(true);
  });

  it('accepts --library before or after the command, else SKR_LIBRARY', () => {
    const before = tempDir();
    const after = tempDir();
    const fromEnv = tempDir();
    expect(JSON.parse(skr(['--library', before, 'stats', '--json']).stdout).library).toBe(before);
    expect(JSON.parse(skr(['stats', '--json', '--library', after]).stdout).library).toBe(after);
    expect(JSON.parse(skr(['stats', '--json'], { env: { SKR_LIBRARY: fromEnv } }).stdout).library).toBe(fromEnv);
  });

  it('defaults to the desktop app data folder', () => {
    const home = tempDir();
    const result = skr(['stats', '--json'], { env: { SKR_LIBRARY: '', XDG_CONFIG_HOME: path.join(home, 'config') } });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).library).toBe(path.join(home, 'config', 'Smart Knowledge Repository', 'library'));
  });
});
