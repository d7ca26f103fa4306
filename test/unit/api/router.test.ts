import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../electron/core/api/event-hub';
import { AppError } from '../../../electron/core/api/app-error';
import { Router, type Handlers } from '../../../electron/core/api/router';
import type { EventPayload } from '../../../shared/contract';

const stats = {
  documents: 1,
  notes: 0,
  tags: 0,
  chunks: 2,
  blobBytes: 0,
  databaseBytes: 4096,
  walBytes: 0,
  byType: { text: 1 },
};

function makeRouter(overrides: Partial<Handlers> = {}, memoryWarningBytes?: number) {
  const events = new EventHub();
  const base = {
    'app.info': () => ({
      name: 'x',
      version: '1',
      libraryPath: '/tmp/lib',
      platform: 'linux',
      arch: 'x64',
      transport: 'cli' as const,
      versions: { node: '20', electron: null, sqlite: null },
    }),
    'app.channelStats': () => router.stats.snapshot(),
    'library.stats': () => stats,
  } as unknown as Handlers;
  const router: Router = new Router({ ...base, ...overrides } as Handlers, { events, validateOutput: true, log: () => undefined, memoryWarningBytes });
  return { router, events };
}

describe('Router middleware', () => {
  it('answers a valid call with an ok envelope', async () => {
    const { router } = makeRouter();
    const result = await router.invoke('library.stats', {}, { transport: 'cli' });
    expect(result).toEqual({ ok: true, value: stats });
  });

  it('accepts a missing input for channels without input', async () => {
    const { router } = makeRouter();
    expect((await router.invoke('app.info', undefined, { transport: 'cli' })).ok).toBe(true);
  });

  it('refuses unknown input fields with invalid_input naming the field', async () => {
    const { router } = makeRouter();
    const result = await router.invoke('app.info', { bogus: 1 }, { transport: 'cli' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toContain('bogus');
    }
  });

  it('refuses unknown channels, including non-strings and prototype names', async () => {
    const { router } = makeRouter();
    for (const channel of ['nope', 42, null, '__proto__', 'constructor', 'toString']) {
      const result = await router.invoke(channel, {}, { transport: 'cli' });
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('passes AppError codes through and hides unexpected errors and their stacks', async () => {
    const logged: string[] = [];
    const events = new EventHub();
    const router = new Router(
      {
        'library.stats': () => {
          throw new AppError('not_found', 'No library here');
        },
        'app.info': () => {
          throw new Error('secret internals at /home/x/file.ts:1');
        },
      } as unknown as Handlers,
      { events, log: (m) => logged.push(m) },
    );
    expect(await router.invoke('library.stats', {}, { transport: 'cli' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No library here' },
    });
    const hidden = await router.invoke('app.info', {}, { transport: 'cli' });
    expect(hidden.ok).toBe(false);
    if (!hidden.ok) {
      expect(hidden.error.code).toBe('internal');
      expect(hidden.error.message).not.toContain('secret internals');
      expect(hidden.error.message).not.toContain('file.ts');
    }
    expect(logged.join('\n')).toContain('secret internals');
  });

  it('catches outputs that break the contract', async () => {
    const { router } = makeRouter({ 'library.stats': () => ({ documents: -1 }) as never });
    const result = await router.invoke('library.stats', {}, { transport: 'cli' });
    expect(result.ok).toBe(false);
  });

  it('counts calls and errors per channel with percentiles', async () => {
    const { router } = makeRouter();
    for (let i = 0; i < 20; i++) await router.invoke('library.stats', {}, { transport: 'cli' });
    await router.invoke('library.stats', { nope: true }, { transport: 'cli' });
    const stat = router.stats.snapshot().find((s) => s.channel === 'library.stats')!;
    expect(stat.calls).toBe(21);
    expect(stat.errors).toBe(1);
    expect(stat.p99Ms).toBeGreaterThanOrEqual(stat.p50Ms);
  });

  it('raises a resource warning when a call grows memory past the threshold', async () => {
    const kept: Buffer[] = [];
    const { router, events } = makeRouter(
      {
        'library.stats': () => {
          kept.push(Buffer.alloc(8 * 1024 * 1024, 1));
          return stats;
        },
      },
      4 * 1024 * 1024,
    );
    const warnings: EventPayload<'resource.warning'>[] = [];
    events.subscribe('resource.warning', (w) => warnings.push(w));
    await router.invoke('library.stats', {}, { transport: 'cli' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.channel).toBe('library.stats');
    expect(Math.max(warnings[0]!.rssDeltaBytes, warnings[0]!.heapDeltaBytes)).toBeGreaterThan(4 * 1024 * 1024);
    const stat = router.stats.snapshot().find((s) => s.channel === 'library.stats')!;
    expect(stat.maxMemoryDeltaBytes).toBeGreaterThan(4 * 1024 * 1024);
    await router.invoke('app.info', {}, { transport: 'cli' });
    expect(warnings).toHaveLength(1);
    expect(kept.length).toBe(1);
  });
});
