import { readFile, stat } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ExtractError } from '../extract-error';
import type { ExtractContext, ExtractedFields } from './extractor';
import { cleanField } from './extractor';

const MAX_PDF_BYTES = 256 * 1024 * 1024;

type Pdfjs = typeof PdfjsModule;

let pdfjsLoading: Promise<{ pdfjs: Pdfjs; assets: string }> | undefined;

/**
 * Loads pdfjs once per worker. Its worker module is loaded first and handed over as
 * `globalThis.pdfjsWorker`, so documents run in this thread without a fake worker being set up
 * per document (FINDINGS: ~15 % faster, and the polyfills are installed once).
 *
 * The legacy build's core-js polyfills replace three built-ins that Node 20 already has, for edge
 * cases no extractor meets (arrays longer than 2^32 - 1, JSON.parse's source-text reviver), with
 * JavaScript versions several times slower, process-wide: language detection alone ran 3x slower
 * in a worker that had read one PDF. The built-ins are put back once pdfjs has loaded.
 */
function loadPdfjs(): Promise<{ pdfjs: Pdfjs; assets: string }> {
  pdfjsLoading ??= (async () => {
    const { push } = Array.prototype;
    const { parse, stringify } = JSON;
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const pdfjs = await withoutCanvas(() => import('pdfjs-dist/legacy/build/pdf.mjs'));
    Object.assign(Array.prototype, { push });
    Object.assign(JSON, { parse, stringify });
    const assets = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { pdfjs, assets };
  })();
  return pdfjsLoading;
}

type ModuleLoad = (request: string, ...rest: unknown[]) => unknown;

/**
 * pdfjs requires @napi-rs/canvas as it loads, for the DOMMatrix, ImageData and Path2D that drawing
 * pages needs: Skia, 22 MB more resident memory in every worker that reads a PDF. Text extraction
 * never draws, so while pdfjs loads that one require gets empty stand-ins (pdfjs builds one
 * DOMMatrix as it loads) and a canvas factory that refuses.
 */
async function withoutCanvas<T>(load: () => Promise<T>): Promise<T> {
  const loader = Module as unknown as { _load: ModuleLoad };
  const original = loader._load;
  const canvas = {
    DOMMatrix: class {},
    ImageData: class {},
    Path2D: class {},
    createCanvas: () => {
      throw new Error('drawing PDF pages is not supported: text extraction only');
    },
  };
  loader._load = function (this: unknown, request, ...rest) {
    return request === '@napi-rs/canvas' ? canvas : original.call(this, request, ...rest);
  };
  try {
    return await load();
  } finally {
    loader._load = original;
  }
}

/** PDF: page by page (each page released after its text is out), title and author from the info dictionary. */
export async function extractPdf({ path: file, bytes, writer }: ExtractContext): Promise<ExtractedFields> {
  const size = bytes?.length ?? (await stat(file)).size;
  if (size > MAX_PDF_BYTES) throw new ExtractError('too_large', `the PDF is larger than ${MAX_PDF_BYTES >> 20} MiB`);
  const { pdfjs, assets } = await loadPdfjs();
  // A copy either way: pdfjs takes the array over.
  const data = new Uint8Array(bytes ?? (await readFile(file)));
  const task = pdfjs.getDocument({
    data,
    cMapUrl: path.join(assets, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(assets, 'standard_fonts') + path.sep,
    wasmUrl: path.join(assets, 'wasm') + path.sep,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise.catch((error: Error) => {
      if (error.name === 'PasswordException') throw new ExtractError('unsupported', 'the PDF is password-protected');
      throw new ExtractError('corrupt', `the PDF could not be opened: ${error.message}`);
    });
    const info = ((await document.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      try {
        const content = await page.getTextContent();
        await writer.moveTo({ page: number });
        let text = '';
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
        }
        await writer.write(text);
      } finally {
        page.cleanup();
      }
    }
    await writer.moveTo({});
    return { title: cleanField(info.Title), author: cleanField(info.Author), pages: document.numPages };
  } finally {
    await task.destroy();
  }
}
