import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Electron cannot run here, so nothing else would notice the app's entry pointing at no file.
const root = path.resolve(import.meta.dirname, '../../..');

describe('the files Electron loads', () => {
  it('package.json main names the built main-process bundle', () => {
    const { main } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(existsSync(path.join(root, main))).toBe(true);
    expect(readFileSync(path.join(root, main), 'utf8')).toMatch(/from "electron"/);
  });

  it('the preload the window names is built', () => {
    const source = readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8');
    const [, file] = /preload: path\.join\(distDir, ('[^)]+')\)/.exec(source) ?? [];
    expect(file).toBeDefined();
    const parts = file!.split(',').map((part) => part.trim().replaceAll("'", ''));
    expect(existsSync(path.join(root, 'dist', ...parts))).toBe(true);
  });
});
