import { describe, expect, it } from 'vitest';
import { detectEncoding, looksLikeText } from '../../../electron/worker/extractors/decoded-text-stream';

describe('detectEncoding', () => {
  it('recognises byte-order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toBe('utf-16be');
  });

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from('plain ascii text here', 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('plain ascii text here', 'utf16le').swap16())).toBe('utf-16be');
  });

  it('keeps damaged UTF-8 as UTF-8 and reads pure single-byte text as Windows-1252', () => {
    expect(detectEncoding(Buffer.from('naïve café'))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from('naïve '), Buffer.from([0xff, 0x41])]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('caf\xe9 cr\xe8me', 'latin1'))).toBe('windows-1252');
  });

  it('tolerates a multi-byte character cut off at the end of the sample', () => {
    expect(detectEncoding(Buffer.from('café').subarray(0, 4))).toBe('utf-8');
  });
});

describe('looksLikeText', () => {
  it('tells text from binary', () => {
    expect(looksLikeText(Buffer.from('hello\nworld\t!'))).toBe(true);
    expect(looksLikeText(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x10]))).toBe(false);
    expect(looksLikeText(Buffer.alloc(0))).toBe(true);
  });
});
