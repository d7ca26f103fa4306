import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels, type ChannelName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/envelope';
import { arbitraryFor } from './support/contract-arbitrary';
import { envelopeProblem } from './support/envelope-checks';
import { openTestCore, type TestCore } from './support/test-core';

let t: TestCore;
let sandbox: string;

beforeAll(async () => {
  t = await openTestCore();
  sandbox = path.join(t.dir, 'fuzz-sources');
  mkdirSync(sandbox);
  for (let i = 0; i < 5; i++) {
    const created = await t.core.router.invoke(
      'notes.create',
      { title: `Seed ${i}`, body: `seed note ${i} about kestrels`, tags: ['seed', `t${i}`] },
      { transport: 'cli' },
    );
    expect(created.ok).toBe(true);
  }
});
afterAll(async () => {
  await t?.dispose();
});

/** `import.start` must never walk the real disk: every generated path is moved under the sandbox. */
function confine(channel: ChannelName, input: unknown): unknown {
  if (
    channel !== 'import.start' ||
    !input ||
    typeof input !== 'object' ||
    !Array.isArray((input as { paths?: unknown }).paths)
  )
    return input;
  const paths = (input as { paths: unknown[] }).paths.map((p) =>
    typeof p === 'string' ? path.join(sandbox, p.replaceAll('/', '_').replaceAll('..', '__')) : p,
  );
  return { ...input, paths };
}

async function invoke(channel: ChannelName, input: unknown): Promise<Envelope<unknown>> {
  const envelope = await t.core.router.invoke(channel, confine(channel, input), {
    transport: 'browser',
  });
  if (channel === 'import.start' && envelope.ok) {
    await t.core.router.invoke(
      'import.cancel',
      { jobId: (envelope.value as { jobId: string }).jobId },
      { transport: 'browser' },
    );
  }
  return envelope;
}

describe('every contract channel under property-based input', () => {
  it.each(channelNames)(
    '%s answers a valid envelope or a documented error, never internal, never a stack',
    async (channel) => {
      await fc.assert(
        fc.asyncProperty(arbitraryFor(channels[channel].input), async (input) => {
          const problem = envelopeProblem(await invoke(channel, input));
          if (problem) throw new Error(problem);
        }),
        { numRuns: 120 },
      );
      expect(t.logs.filter((line) => line.includes('[router]'))).toEqual([]);
    },
  );

  it('refuses unknown channels and non-string names with unknown_channel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), fc.anything(), async (name, input) => {
        fc.pre(!channelNames.includes(name as ChannelName));
        const envelope = await t.core.router.invoke(name, input, { transport: 'browser' });
        expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
        expect(envelopeProblem(envelope)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('still serves ordinary calls after the fuzzing', async () => {
    const stats = await t.core.router.invoke('library.stats', undefined, { transport: 'cli' });
    expect(stats.ok).toBe(true);
    const search = await t.core.router.invoke(
      'search.query',
      { query: 'kestrels' },
      { transport: 'cli' },
    );
    expect(search.ok).toBe(true);
  });
});
