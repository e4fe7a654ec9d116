/**
 * Fan-out of server-sent events to topics (`user:<id>`, `queue:<id>`, `supervisors`…).
 * Each subscriber has a bounded queue; one that falls behind is dropped (its browser reconnects
 * and gets a fresh snapshot), so a slow client never holds memory or the publisher.
 */
export type SseMessage = { event: string; data: string };

export class SseSubscriber {
  private queue: SseMessage[] = [];
  private wake: (() => void) | null = null;
  closed = false;

  constructor(
    readonly topics: ReadonlySet<string>,
    private readonly maxQueue: number,
    private readonly onClose: (s: SseSubscriber) => void,
  ) {}

  push(message: SseMessage): void {
    if (this.closed) return;
    if (this.queue.length >= this.maxQueue) {
      this.close();
      return;
    }
    this.queue.push(message);
    this.wake?.();
  }

  /** The next message, or null once closed. */
  async next(): Promise<SseMessage | null> {
    while (this.queue.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    return this.queue.shift() ?? null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.wake?.();
    this.onClose(this);
  }
}

export class SseHub {
  private byTopic = new Map<string, Set<SseSubscriber>>();

  constructor(private readonly maxQueue = 256) {}

  subscribe(topics: string[]): SseSubscriber {
    const sub = new SseSubscriber(new Set(topics), this.maxQueue, (s) => this.remove(s));
    for (const t of sub.topics) {
      let set = this.byTopic.get(t);
      if (!set) {
        set = new Set();
        this.byTopic.set(t, set);
      }
      set.add(sub);
    }
    return sub;
  }

  publish(topic: string, message: SseMessage): void {
    for (const sub of this.byTopic.get(topic) ?? []) sub.push(message);
  }

  /** Ends every subscription to the topic (the browsers reconnect, or are refused when signed out). */
  closeTopic(topic: string): void {
    for (const sub of [...(this.byTopic.get(topic) ?? [])]) sub.close();
  }

  count(topic: string): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  private remove(sub: SseSubscriber): void {
    for (const t of sub.topics) {
      const set = this.byTopic.get(t);
      set?.delete(sub);
      if (set?.size === 0) this.byTopic.delete(t);
    }
  }
}
