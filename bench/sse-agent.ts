/**
 * A simulated agent for bench/routing.ts: one real event stream (GET /events with the session cookie),
 * Accept on every new offer it hears, End session after a short while so its capacity frees up.
 */
import { preciseNow } from "./routing-protocol.ts";

export type AgentHooks = {
  /** A new offer arrived on this agent's stream (its customer's sequence number and the arrival time). */
  offered(seq: number, at: number): void;
  /** The interaction id of a sequence number (known once the enqueue answer is back). */
  interactionOf(seq: number): Promise<string>;
  holdMs(): number;
  failed(what: string): void;
  ended(seq: number): void;
};

/** `<section … data-offer-id="X" … data-body="Customer N · …">` in the offers fragment. */
const OFFER = /data-offer-id="([^"]+)"[^>]*data-body="Customer (\d+)/g;

export class SseAgent {
  private readonly seen = new Set<string>();
  private readonly abort = new AbortController();

  constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
    private readonly hooks: AgentHooks,
  ) {}

  /** Opens the stream; resolves once the snapshot's offers event has arrived. */
  async connect(): Promise<void> {
    const res = await fetch(`${this.base}/events`, { headers: { cookie: this.cookie }, signal: this.abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`/events answered ${res.status}`);
    const reader = res.body.getReader();
    const { promise, resolve } = Promise.withResolvers<void>();
    void this.pump(reader, resolve).catch(() => {});
    return promise;
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>, snapshot: () => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      const at = preciseNow();
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith("event: offers\n")) {
          this.onOffers(block, at);
          snapshot();
        }
        cut = buffer.indexOf("\n\n");
      }
    }
  }

  private onOffers(block: string, at: number): void {
    for (const [, offerId, seq] of block.matchAll(OFFER)) {
      if (!offerId || this.seen.has(offerId)) continue;
      this.seen.add(offerId);
      this.hooks.offered(Number(seq), at);
      void this.work(offerId, Number(seq));
    }
  }

  private async work(offerId: string, seq: number): Promise<void> {
    const accepted = await this.post(`/console/offers/${offerId}/accept`);
    if (accepted !== 204) return this.hooks.failed(`accept answered ${accepted}`);
    await Bun.sleep(this.hooks.holdMs());
    const id = await this.hooks.interactionOf(seq);
    const ended = await this.post(`/console/work/${id}/end`);
    if (ended !== 204) return this.hooks.failed(`end answered ${ended}`);
    this.hooks.ended(seq);
  }

  private async post(path: string): Promise<number> {
    try {
      const res = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: { cookie: this.cookie, "X-CSRF-Token": this.csrf, "HX-Request": "true" },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }
}
