/**
 * A simulated agent for bench/chat.ts: opens the console (which signs it in Ready), keeps one real
 * GET /events stream, accepts every offer it hears through the console's Accept route, and answers each
 * visitor message "v K N" pushed to its stream with "a K N" through the console's chat send route.
 */
import type { ChatBenchAgent } from "./chat-seed.ts";
import { keepSse, type SseEvent } from "./chat-sse.ts";
import type { Tally } from "./chat-tally.ts";

const OFFER = /data-offer-id="([^"]+)"/g;
const VISITOR_TEXT = /\bv (\d+) (\d+)\b/g;
/** The chat panel's message push is `chat-<interaction id>` (typing and controls have their own names). */
const CHAT_PUSH = /^chat-(?!typing-|controls-)(.+)$/;

export class BenchAgent {
  accepted = 0;
  private readonly seenOffers = new Set<string>();
  private readonly abort = new AbortController();
  private readonly headers: Record<string, string>;

  constructor(
    private readonly base: string,
    login: ChatBenchAgent,
    private readonly tally: Tally,
    private readonly onAccepted: () => void,
  ) {
    this.headers = { cookie: login.cookie, "x-csrf-token": login.csrf, "hx-request": "true" };
  }

  async connect(): Promise<void> {
    const page = await fetch(`${this.base}/console`, { headers: { cookie: this.headers.cookie as string } });
    await page.arrayBuffer();
    if (page.status !== 200) throw new Error(`GET /console answered ${page.status}`);
    const drop = () => this.tally.drops.agent++;
    await keepSse(
      () => `${this.base}/events`,
      { cookie: this.headers.cookie as string },
      this.abort.signal,
      (e) => this.heard(e),
      drop,
    );
  }

  close(): void {
    this.abort.abort();
  }

  private heard(e: SseEvent): void {
    if (e.event === "offers") {
      for (const [, id] of e.data.matchAll(OFFER)) if (id && !this.seenOffers.has(id)) void this.accept(id);
      return;
    }
    const interactionId = CHAT_PUSH.exec(e.event)?.[1];
    if (!interactionId) return;
    for (const [, k, n] of e.data.matchAll(VISITOR_TEXT)) {
      if (this.tally.arrived("toAgent", `${k} ${n}`)) void this.reply(interactionId, `${k} ${n}`);
    }
  }

  private async post(path: string, body?: URLSearchParams): Promise<number> {
    try {
      const res = await fetch(`${this.base}${path}`, { method: "POST", headers: this.headers, body });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  private async accept(offerId: string): Promise<void> {
    this.seenOffers.add(offerId);
    const status = await this.post(`/console/offers/${offerId}/accept`);
    // 409: the offer was withdrawn before the Accept arrived; the chat is offered again.
    if (status === 409) return void this.tally.withdrawn++;
    if (status !== 204) return void this.tally.failures.push(`accept answered ${status}`);
    this.accepted++;
    this.onAccepted();
  }

  private async reply(interactionId: string, key: string): Promise<void> {
    const sentAt = this.tally.send("toVisitor", key);
    const status = await this.post(`/console/chat/${interactionId}/messages`, new URLSearchParams({ body: `a ${key}` }));
    this.tally.ack("toVisitor", sentAt, status === 201, `agent send answered ${status}`);
  }
}
