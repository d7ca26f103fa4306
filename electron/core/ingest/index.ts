/**
 * Import: walks dropped files and folders (or takes browser uploads), copies each into the
 * content-addressed blob store while hashing it, skips content already there, has the worker pool
 * extract it and writes its text through the library's writer. See ingest-service.ts.
 */
export { IngestService, type IngestOptions } from './ingest-service';
export { BlobStore } from './blob-store';
export { checkLibrary, type CheckProblem, type CheckReport, type ProblemKind } from './check';
export { walk, type WalkEntry } from './walker';
