import type { DocumentKind, ExtractResult, ExtractTask } from '../core/pool/protocol';
import type { ChunkSink } from './chunking/chunk-writer';
import { ChunkWriter } from './chunking/chunk-writer';
import { extractDocx } from './extractors/docx';
import { extractEpub } from './extractors/epub';
import type { ExtractedFields, Extractor } from './extractors/extractor';
import { extractHtml } from './extractors/html';
import { extractOdt } from './extractors/odt';
import { extractPdf } from './extractors/pdf';
import { extractMarkdown, extractPlainText } from './extractors/plain-text';
import { sniff } from './extractors/sniff';
import { readWholeIfSmall } from './extractors/whole-file';
import { extractImage } from './image/image-extractor';

const EXTRACTORS: Record<DocumentKind, Extractor | undefined> = {
  text: extractPlainText,
  code: extractPlainText,
  csv: extractPlainText,
  json: extractPlainText,
  log: extractPlainText,
  markdown: extractMarkdown,
  html: extractHtml,
  pdf: extractPdf,
  docx: extractDocx,
  epub: extractEpub,
  odt: extractOdt,
  image: extractImage,
  other: undefined,
};

/**
 * Extracts one file, streaming its text to `sink`; throws for per-file failures (see toFailure).
 * `readWhole` gives the whole file when it is small (tests pass one that never does).
 */
export async function extract(task: ExtractTask, sink: ChunkSink, readWhole: (path: string) => Buffer | undefined = readWholeIfSmall): Promise<ExtractResult> {
  const bytes = readWhole(task.path);
  const { kind, mime } = await sniff(task.path, bytes);
  const writer = new ChunkWriter(sink, task.maxChunkBytes);
  const extractor = EXTRACTORS[kind];
  const fields: ExtractedFields = extractor ? await extractor({ path: task.path, bytes, writer, thumbnailPath: task.thumbnailPath }) : {};
  await writer.end();
  const result: ExtractResult = {
    kind,
    mime,
    noText: writer.chunkCount === 0,
    metrics: await writer.metrics.result(),
    chunks: writer.chunkCount,
    ...fields,
  };
  if (writer.sectionCount > 0) result.sections = writer.sectionCount;
  return stripUndefined(result);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
