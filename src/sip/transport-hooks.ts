import type { ParseResult } from "./message.ts";
import type { Peer } from "./peer.ts";

/** What a transport asks of the layer above for each message (and, on TCP, each new connection). */
export type TransportHooks = {
  /** Called before parsing (UDP) or framing (a new TCP connection); false drops it, and closes a TCP connection. */
  admit(source: Peer): boolean;
  /** Every parse result, good or bad, with where it came from. */
  receive(result: ParseResult, source: Peer): void;
  /** The trunk's addresses: their TCP connections are outside the overall cap and never closed to make room. */
  trusted(peer: Peer): boolean;
};

/** Bun calls socket error handlers with the error first or second depending on the socket kind. */
export function errorIn(args: readonly unknown[]): unknown {
  return args.find((a) => a instanceof Error) ?? args[args.length - 1];
}
