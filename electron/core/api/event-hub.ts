import type { EventName, EventPayload } from '../../../shared/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** In-process pub/sub for the contract's event streams; transports forward what they subscribe to. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        console.error(`[events] a listener of ${event} threw:`, error);
      }
    }
  }

  subscribe<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
