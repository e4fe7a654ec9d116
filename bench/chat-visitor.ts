/** A simulated website visitor for bench/chat.ts: the widget's event stream and its send call, with its token. */
import { BENCH_SITE, type ChatBenchSession } from "./chat-seed.ts";
import { keepSse, type SseEvent } from "./chat-sse.ts";
import type { Tally } from "./chat-tally.ts";

const AGENT_TEXT = /^a (\d+ \d+)$/;

export class BenchVisitor {
  private readonly abort = new AbortController();
  /** The last message number seen, so a reconnect resumes after it, as the widget does. */
  private lastSeq = 0;
  private readonly api: string;
  private readonly auth: Record<string, string>;

  constructor(
    base: string,
    session: ChatBenchSession,
    private readonly index: number,
    private readonly tally: Tally,
  ) {
    this.api = `${base}/widget/api/conversations/${session.conversationId}`;
    this.auth = { authorization: `Bearer ${session.token}`, origin: BENCH_SITE };
  }

  connect(): Promise<void> {
    const drop = () => this.tally.drops.visitor++;
    return keepSse(
      () => `${this.api}/events?after=${this.lastSeq}`,
      this.auth,
      this.abort.signal,
      (e) => this.heard(e),
      drop,
    );
  }

  close(): void {
    this.abort.abort();
  }

  /** Sends message number n ("v K N") as the widget does: JSON with a client id, acknowledged after commit. */
  async send(n: number): Promise<void> {
    const key = `${this.index} ${n}`;
    const body = JSON.stringify({ body: `v ${key}`, clientId: `b${n}` });
    const sentAt = this.tally.send("toAgent", key);
    try {
      const res = await fetch(`${this.api}/messages`, {
        method: "POST",
        headers: { ...this.auth, "content-type": "application/json" },
        body,
      });
      await res.arrayBuffer();
      this.tally.ack("toAgent", sentAt, res.status === 201, `visitor send answered ${res.status}`);
    } catch (err) {
      this.tally.ack("toAgent", sentAt, false, `visitor send failed: ${(err as Error).message}`);
    }
  }

  private heard(e: SseEvent): void {
    if (e.event !== "message") return;
    const m = JSON.parse(e.data) as { seq: number; body: string };
    this.lastSeq = Math.max(this.lastSeq, m.seq);
    const key = AGENT_TEXT.exec(m.body)?.[1];
    if (key) this.tally.arrived("toVisitor", key);
  }
}
