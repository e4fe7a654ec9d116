import type { Direction } from "./sdp-parse.ts";

const flags = (d: Direction) => ({ send: d === "sendrecv" || d === "sendonly", recv: d === "sendrecv" || d === "recvonly" });

function fromFlags(send: boolean, recv: boolean): Direction {
  return send ? (recv ? "sendrecv" : "sendonly") : recv ? "recvonly" : "inactive";
}

/** Their sendonly is our recvonly, and so on. */
export function reverse(direction: Direction): Direction {
  const f = flags(direction);
  return fromFlags(f.recv, f.send);
}

/** What both sides allow. */
export function intersect(a: Direction, b: Direction): Direction {
  return fromFlags(flags(a).send && flags(b).send, flags(a).recv && flags(b).recv);
}
