/**
 * Pulls from `source` up to `limit` items ahead of the consumer, calling `onItem` as each is seen
 * and `onEnd` when the source is exhausted, so counts (an import's totals) lead the work without
 * the whole source ever being held. Stops pulling when the consumer stops.
 */
export async function* lookahead<T>(
  source: AsyncIterable<T>,
  limit: number,
  hooks: { onItem?: (item: T) => boolean; onEnd?: () => void } = {},
): AsyncGenerator<T> {
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakeProducer = undefined;
    fn?.();
  };

  const producer = (async () => {
    try {
      for await (const item of source) {
        if (stopped) break;
        // onItem returning false means the item is fully handled (e.g. a skip): not queued.
        if (hooks.onItem && !hooks.onItem(item)) continue;
        buffer.push(item);
        wake('consumer');
        while (buffer.length >= limit && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      if (!failure && !stopped) hooks.onEnd?.();
      wake('consumer');
    }
  })();

  try {
    for (;;) {
      if (buffer.length > 0) {
        const item = buffer.shift()!;
        wake('producer');
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    wake('producer');
    await producer;
  }
}
