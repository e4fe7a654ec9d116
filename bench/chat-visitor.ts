/** A simulated website visitor for bench/chat.ts: the widget's event stream and its send call, with its token. */
import { BENCH_SITE, type ChatBenchSession } from "./chat-seed.ts";
import { openSse, type SseEvent } from "./chat-sse.ts";
import type { Tally } from "./chat-tally.ts";

const AGENT_TEXT = /^a (\d+ \d+)$/;

export class BenchVisitor {
  private readonly abort = new AbortController();
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
    const onEnd = () => {
      if (!this.abort.signal.aborted) this.tally.failures.push("a visitor's event stream ended");
    };
    return openSse(`${this.api}/events?after=0`, this.auth, this.abort.signal, (e) => this.heard(e), onEnd);
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
    const key = AGENT_TEXT.exec((JSON.parse(e.data) as { body: string }).body)?.[1];
    if (key) this.tally.arrived("toVisitor", key);
  }
}
