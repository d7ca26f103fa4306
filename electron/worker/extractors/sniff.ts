import { open } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentKind } from '../../core/pool/protocol';
import { looksLikeText } from './decoded-text-stream';

export interface Sniffed {
  kind: DocumentKind;
  mime: string;
}

const BY_MIME: Record<string, DocumentKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/epub+zip': 'epub',
  'application/vnd.oasis.opendocument.text': 'odt',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'image/tiff': 'image',
  'image/avif': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
};

/** Containers whose real type the extension tells better than the magic bytes do. */
const GENERIC_CONTAINERS = new Set(['application/zip', 'application/x-cfb', 'application/xml', 'text/xml']);

const CODE = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'rb', 'go', 'rs', 'c', 'h', 'cc', 'cpp', 'hpp', 'java', 'kt', 'swift', 'cs', 'php', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'css', 'scss', 'less', 'yaml', 'yml', 'toml', 'ini', 'xml', 'lua', 'pl', 'r', 'scala', 'dart', 'vue', 'svelte', 'tex'];

const BY_EXTENSION: Record<string, Sniffed> = {
  txt: { kind: 'text', mime: 'text/plain' },
  text: { kind: 'text', mime: 'text/plain' },
  rst: { kind: 'text', mime: 'text/plain' },
  md: { kind: 'markdown', mime: 'text/markdown' },
  markdown: { kind: 'markdown', mime: 'text/markdown' },
  csv: { kind: 'csv', mime: 'text/csv' },
  tsv: { kind: 'csv', mime: 'text/tab-separated-values' },
  json: { kind: 'json', mime: 'application/json' },
  ndjson: { kind: 'json', mime: 'application/x-ndjson' },
  jsonl: { kind: 'json', mime: 'application/x-ndjson' },
  log: { kind: 'log', mime: 'text/plain' },
  html: { kind: 'html', mime: 'text/html' },
  htm: { kind: 'html', mime: 'text/html' },
  xhtml: { kind: 'html', mime: 'application/xhtml+xml' },
  pdf: { kind: 'pdf', mime: 'application/pdf' },
  docx: { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  epub: { kind: 'epub', mime: 'application/epub+zip' },
  odt: { kind: 'odt', mime: 'application/vnd.oasis.opendocument.text' },
  ...Object.fromEntries(CODE.map((ext) => [ext, { kind: 'code', mime: 'text/plain' } satisfies Sniffed])),
};

/**
 * The file's type: by content first (magic bytes), then by extension, then by a look at its bytes.
 * `bytes`: the whole file, when it has been read already.
 */
export async function sniff(file: string, bytes?: Buffer): Promise<Sniffed> {
  const { head, whole } = bytes ? { head: bytes.subarray(0, HEAD_BYTES), whole: bytes } : await readHead(file);
  const byExtension = BY_EXTENSION[path.extname(file).slice(1).toLowerCase()];
  // A byte-order mark is content too, and FF FE would otherwise pass for an MPEG audio frame.
  if (hasTextBom(head) && (!byExtension || TEXT_KINDS.has(byExtension.kind))) return byExtension ?? { kind: 'text', mime: 'text/plain' };
  // Loaded on first use: it is the largest part of a worker's start-up.
  const { fileTypeFromBuffer, fileTypeFromFile } = await import('file-type');
  const detected = whole ? await fileTypeFromBuffer(whole) : await fileTypeFromFile(file);
  if (detected) {
    const kind = BY_MIME[detected.mime];
    if (kind) return { kind, mime: detected.mime };
    if (byExtension && GENERIC_CONTAINERS.has(detected.mime)) return byExtension;
    return { kind: 'other', mime: detected.mime };
  }
  if (byExtension) return byExtension;
  return looksLikeText(head) ? { kind: 'text', mime: 'text/plain' } : { kind: 'other', mime: 'application/octet-stream' };
}

const TEXT_KINDS = new Set<DocumentKind>(['text', 'markdown', 'code', 'csv', 'json', 'log', 'html']);

function hasTextBom(head: Buffer): boolean {
  return (
    (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) ||
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff)
  );
}

const HEAD_BYTES = 8192;

/** The file's first bytes; `whole` when they are all of it (no need to open it again). */
async function readHead(file: string): Promise<{ head: Buffer; whole?: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    return { head, whole: bytesRead < HEAD_BYTES ? head : undefined };
  } finally {
    await handle.close();
  }
}
