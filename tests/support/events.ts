import type { EventBus } from "../../src/shared/index.ts";

export type Recorded = { name: string; p: Record<string, unknown> };

/**
 * Records every event the bus publishes, in the order its listeners finish with them (a listener's own
 * publishes come first), so a test can read what was told without subscribing to each name.
 */
export function recordEvents<C>(bus: EventBus<C>): Recorded[] {
  const seen: Recorded[] = [];
  const publish = bus.publish.bind(bus);
  bus.publish = (name, payload) => {
    publish(name, payload);
    seen.push({ name, p: payload as Record<string, unknown> });
  };
  return seen;
}
