import { describe, expect, it } from 'vitest';
import { importChannels } from '../../../shared/channels/import';
import { parseRelativePath } from '../../../electron/host/upload';

describe('import.start input', () => {
  const input = importChannels['import.start'].input;
  it('takes absolute paths only', () => {
    expect(input.safeParse({ paths: ['/home/a/docs', 'C:\\Users\\a\\x.pdf'] }).success).toBe(true);
    expect(input.safeParse({ paths: ['docs/x.pdf'] }).success).toBe(false);
    expect(input.safeParse({ paths: [] }).success).toBe(false);
    expect(input.safeParse({ paths: ['/a\0b'] }).success).toBe(false);
    expect(input.safeParse({ paths: ['/a'], extra: 1 }).success).toBe(false);
  });
});

describe('upload relative paths', () => {
  it('normalises safe paths and refuses escapes', () => {
    expect(parseRelativePath(encodeURIComponent('trip/./day 1.md'))).toBe('trip/day 1.md');
    expect(parseRelativePath('a%5Cb.txt')).toBe('a/b.txt');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:%5Cx', '%E0%A4%A', '', 'a%00b']) {
      expect(() => parseRelativePath(bad), bad).toThrow();
    }
    expect(() => parseRelativePath(undefined)).toThrow(/required/);
  });
});
