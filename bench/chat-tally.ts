/** What bench/chat.ts measures: send and arrival times of every message, by its text ("v K N" or "a K N"). */
import { percentile } from "./lib.ts";

export type Direction = "toAgent" | "toVisitor";
export type Figures = { count: number; p50: number; p99: number; max: number };

/** What the load process reports for one level (one JSON line on its stdout). */
export type LevelResult = {
  sessions: number;
  agents: number;
  rate: number;
  seconds: number;
  acceptS: number;
  connectS: number;
  /** The appliance's RSS with the data loaded and nothing connected. */
  rssStart: number;
  /** With every visitor stream open (no agent yet). */
  rssStreams: number;
  /** With every chat accepted too. */
  rssAccepted: number;
  serverRss: number;
  /** CPU used during the measured run, in cores (1 = one core busy). */
  serverCpu: number;
  clientCpu: number;
  toAgent: Figures;
  toVisitor: Figures;
  both: Figures;
  ackToAgent: Figures;
  ackToVisitor: Figures;
  missing: number;
  failures: string[];
  failureCount: number;
  drops: { agent: number; visitor: number };
  withdrawn: number;
};

export class Tally {
  private readonly sent = { toAgent: new Map<string, number>(), toVisitor: new Map<string, number>() };
  private readonly latencies = { toAgent: [] as number[], toVisitor: [] as number[] };
  /** POST → 201 round trips (the sender's acknowledgement, after the commit). */
  readonly acks = { toAgent: [] as number[], toVisitor: [] as number[] };
  readonly failures: string[] = [];
  /** Streams the appliance ended (a subscriber that fell behind is dropped) and the client reopened. */
  readonly drops = { agent: 0, visitor: 0 };
  /** Offers gone before the agent's Accept arrived (answered 409; the chat rings again). */
  withdrawn = 0;
  measuring = false;

  /** Marks the send of a message; returns its key. */
  send(direction: Direction, key: string): number {
    const at = performance.now();
    this.sent[direction].set(key, at);
    return at;
  }

  /** A message reached the other side's stream; true the first time (a resumed stream may repeat it). */
  arrived(direction: Direction, key: string): boolean {
    const at = performance.now();
    const sentAt = this.sent[direction].get(key);
    if (sentAt === undefined) return false;
    this.sent[direction].delete(key);
    if (this.measuring) this.latencies[direction].push(at - sentAt);
    return true;
  }

  ack(direction: Direction, sentAt: number, ok: boolean, what: string): void {
    if (!ok) this.failures.push(what);
    else if (this.measuring) this.acks[direction].push(performance.now() - sentAt);
  }

  /** Messages sent and not (yet) seen on the other side. */
  missing(): number {
    return this.sent.toAgent.size + this.sent.toVisitor.size;
  }

  figures(direction: Direction | "both", source: "latencies" | "acks" = "latencies"): Figures {
    const from = source === "latencies" ? this.latencies : this.acks;
    const all = (direction === "both" ? [...from.toAgent, ...from.toVisitor] : [...from[direction]]).sort((a, b) => a - b);
    return { count: all.length, p50: percentile(all, 50), p99: percentile(all, 99), max: all[all.length - 1] ?? Number.NaN };
  }
}
