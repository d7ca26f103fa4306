import type { DocumentDetail, DocumentSummary, SearchHit } from '../../../../shared/channels/library';

export function doc(id: number, patch: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    id,
    title: `Document ${id}`,
    type: 'text',
    mime: 'text/plain',
    size: 1000 + id,
    path: `/data/doc-${id}.txt`,
    importedAt: Date.UTC(2025, 0, 1),
    modifiedAt: Date.UTC(2024, 5, 1),
    language: 'en',
    thumbnail: null,
    noText: false,
    tags: [],
    ...patch,
  };
}

export function detail(id: number, patch: Partial<DocumentDetail> = {}): DocumentDetail {
  return { ...doc(id), sha256: 'ab'.repeat(32), metrics: {}, metadata: {}, chunkCount: 1, textChars: 100, noteBody: null, ...patch };
}

export function hit(id: number, snippet: string, highlights: [number, number][], patch: Partial<SearchHit> = {}): SearchHit {
  return { id, title: `Hit ${id}`, type: 'text', path: `/data/${id}.txt`, score: 1, snippet, highlights, modifiedAt: null, size: 10, ...patch };
}
