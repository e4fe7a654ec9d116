/**
 * The event bus: committed changes are published as `noun.past_tense`.
 * Generic over a catalogue, an object type from event name to payload type: each publishing module declares
 * its events in its own `events.ts`, and the app's bus is typed with their merge (src/events.ts), so a
 * publisher and its listeners cannot disagree on a name or a field without `tsc` saying so.
 * Behind an interface so a clustered implementation can replace the in-process one.
 */
export interface EventBus<C> {
  publish<K extends keyof C & string>(name: K, payload: C[K]): void;
  subscribe<K extends keyof C & string>(name: K, handler: (payload: C[K]) => void): () => void;
}

export function inProcessBus<C>(onHandlerError: (name: string, err: unknown) => void): EventBus<C> {
  const handlers = new Map<string, Set<(payload: never) => void>>();
  return {
    publish(name, payload) {
      for (const h of handlers.get(name) ?? []) {
        try {
          (h as (p: typeof payload) => void)(payload);
        } catch (err) {
          onHandlerError(name, err);
        }
      }
    },
    subscribe(name, handler) {
      let set = handlers.get(name);
      if (!set) {
        set = new Set();
        handlers.set(name, set);
      }
      set.add(handler);
      return () => set.delete(handler);
    },
  };
}
