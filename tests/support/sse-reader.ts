/** Reads a server-sent event stream in tests: named events in order, comments (pings) aside. */
export type ReadEvent = { event: string; data: string };

export class SseReader {
  private buffer = "";
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]> | null = null;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly events: ReadEvent[] = [];
  private readonly comments: string[] = [];

  constructor(res: Response) {
    if (!res.body) throw new Error("the response has no body");
    this.reader = res.body.getReader();
  }

  /** The next `count` events; throws when they do not come within `ms`. */
  async take(count: number, ms = 2000): Promise<ReadEvent[]> {
    const deadline = Date.now() + ms;
    while (this.events.length < count) this.sort(await this.block(deadline));
    return this.events.splice(0, count);
  }

  /** The next comment line (": ping"); throws when none comes within `ms`. */
  async comment(ms = 2000): Promise<string> {
    const deadline = Date.now() + ms;
    while (!this.comments.length) this.sort(await this.block(deadline));
    return this.comments.shift() as string;
  }

  /** The next event of this name, skipping others (other live areas share the stream). */
  async next(name: string, ms = 2000): Promise<ReadEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const at = this.events.findIndex((e) => e.event === name);
      if (at >= 0) return this.events.splice(0, at + 1).at(-1) as ReadEvent;
      this.sort(await this.block(deadline));
    }
  }

  /** Every event that arrives within `ms`. */
  async within(ms: number): Promise<ReadEvent[]> {
    const deadline = Date.now() + ms;
    try {
      for (;;) this.sort(await this.block(deadline));
    } catch {
      return this.events.splice(0);
    }
  }

  /** Whether the server ends the stream within `ms` (events and comments on the way are kept). */
  async ends(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    try {
      for (;;) this.sort(await this.block(deadline));
    } catch (err) {
      if (err instanceof Error && err.message === "the event stream ended") return true;
      if (err instanceof Error && err.message.startsWith("timed out")) return false;
      throw err;
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }

  private sort(block: string): void {
    if (block.startsWith(":")) this.comments.push(block);
    let event = "";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (event) this.events.push({ event, data: data.join("\n") });
  }

  private async block(deadline: number): Promise<string> {
    for (;;) {
      const cut = this.buffer.indexOf("\n\n");
      if (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        return block;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for the event stream");
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([this.pending, Bun.sleep(left).then(() => null)]);
      if (!chunk) continue;
      this.pending = null;
      if (chunk.done) throw new Error("the event stream ended");
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }
}
