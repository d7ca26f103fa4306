import { z } from 'zod';

export const Transport = z.enum(['electron', 'browser', 'cli']);
export type Transport = z.infer<typeof Transport>;

export const NoInput = z.object({}).strict().optional();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  libraryPath: z.string(),
  platform: z.string(),
  arch: z.string(),
  transport: Transport,
  versions: z.object({ node: z.string(), electron: z.string().nullable(), sqlite: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const LibraryStats = z.object({
  documents: z.number().int().nonnegative(),
  notes: z.number().int().nonnegative(),
  tags: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  blobBytes: z.number().int().nonnegative(),
  databaseBytes: z.number().int().nonnegative(),
  walBytes: z.number().int().nonnegative(),
  byType: z.record(z.string(), z.number().int().nonnegative()),
});
export type LibraryStats = z.infer<typeof LibraryStats>;

export const ChannelStat = z.object({
  channel: z.string(),
  calls: z.number().int(),
  errors: z.number().int(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMemoryDeltaBytes: z.number(),
});
export type ChannelStat = z.infer<typeof ChannelStat>;

export const appChannels = {
  'app.info': { input: NoInput, output: AppInfo },
  'app.channelStats': { input: NoInput, output: z.array(ChannelStat) },
  'library.stats': { input: NoInput, output: LibraryStats },
};

export const ResourceWarning = z.object({
  kind: z.literal('call_memory_delta'),
  channel: z.string(),
  rssDeltaBytes: z.number(),
  heapDeltaBytes: z.number(),
  thresholdBytes: z.number(),
  at: z.number(),
});
export type ResourceWarning = z.infer<typeof ResourceWarning>;

export const appEvents = {
  'resource.warning': ResourceWarning,
};
