/**
 * The event bus: committed changes are published as `noun.past_tense`.
 * Behind an interface so a clustered implementation can replace the in-process one.
 */
export type EventHandler = (payload: Record<string, unknown>) => void;

export interface EventBus {
  publish(name: string, payload: Record<string, unknown>): void;
  subscribe(name: string, handler: EventHandler): () => void;
}

export function inProcessBus(onHandlerError: (name: string, err: unknown) => void): EventBus {
  const handlers = new Map<string, Set<EventHandler>>();
  return {
    publish(name, payload) {
      for (const key of [name, "*"]) {
        for (const h of handlers.get(key) ?? []) {
          try {
            h(key === "*" ? { ...payload, event: name } : payload);
          } catch (err) {
            onHandlerError(name, err);
          }
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
