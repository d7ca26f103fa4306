/**
 * The one contract between the renderer and the core: every request channel with its input and
 * output schema, and every event stream with its payload schema. Both transports (Electron IPC and
 * the browser-mode WebSocket) carry exactly this; the router in electron/core/api implements it.
 *
 * Each feature declares its channels and events in shared/channels/<feature>.ts; this file only
 * gathers them.
 */
import type { z } from 'zod';
import { appChannels, appEvents } from './channels/app';
import { desktopChannels } from './channels/desktop';
import { importChannels, importEvents } from './channels/import';
import { libraryChannels } from './channels/library';
import { monitorChannels, monitorEvents } from './channels/monitor';

export interface ChannelSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const channels = {
  ...appChannels,
  ...desktopChannels,
  ...libraryChannels,
  ...monitorChannels,
  ...importChannels,
} satisfies Record<string, ChannelSpec>;

export const events = {
  ...appEvents,
  ...monitorEvents,
  ...importEvents,
} satisfies Record<string, z.ZodType>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export type { Envelope, ErrorBody, ErrorCode } from './envelope';
import type { Envelope } from './envelope';

/** What `window.kb` offers, in Electron (preload) and in browser mode (WebSocket client) alike. */
export interface KbClient {
  invoke<C extends ChannelName>(
    channel: C,
    input?: ChannelInput<C>,
  ): Promise<Envelope<ChannelOutput<C>>>;
  subscribe<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  /** Electron only: the absolute path of a dropped File. Browser mode has no paths. */
  pathForFile?(file: File): string;
}
