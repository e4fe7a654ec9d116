import { HeaderList } from "./header-list.ts";
import type { IncomingRequest } from "./message.ts";
import type { Peer } from "./peer.ts";
import { formatVia } from "./serialize.ts";
import type { Via } from "./via.ts";

const bare = (host: string): string => (host.startsWith("[") ? host.slice(1, -1) : host);

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the server transport notes where a request really came from. The top
 * Via gets `received` when its sent-by host differs from the source address, and `rport` is filled with
 * the source port when the client asked for it. A `received` the sender wrote itself is overwritten: left
 * alone, it would let anyone direct our responses at a third party.
 */
export function stampTopVia(req: IncomingRequest, source: Peer): IncomingRequest {
  const top = req.via[0];
  if (!top) return req;
  const params = new Map(top.params);
  const hostDiffers = bare(top.host).toLowerCase() !== source.address.toLowerCase();
  if (hostDiffers || top.received !== undefined || top.rport !== undefined) params.set("received", source.address);
  if (top.rport !== undefined) params.set("rport", String(source.port));
  if (params.size === top.params.size && [...params].every(([k, v]) => top.params.get(k) === v)) return req;
  const stamped: Via = {
    ...top,
    params,
    received: params.has("received") ? source.address : undefined,
    rport: top.rport === undefined ? undefined : source.port,
  };
  return { ...req, via: [stamped, ...req.via.slice(1)], headers: replaceTopVia(req.headers, formatVia(stamped)) };
}

/** Writes the Via values one per line at the place of the first Via line, the top one replaced. */
function replaceTopVia(headers: HeaderList, top: string): HeaderList {
  const values = headers.values("Via");
  values[0] = top;
  const out = new HeaderList();
  let written = false;
  for (const h of headers) {
    if (h.name !== "Via") out.append(h.name, h.value);
    else if (!written) {
      for (const v of values) out.append("Via", v);
      written = true;
    }
  }
  return out;
}

/**
 * Where responses to a request go (RFC 3261 §18.2.2, RFC 3581 §4). On TCP: back on the connection it came
 * in on. On UDP: to `received` (or the source when sent-by was already the source), at `rport` when the
 * client asked for it, else at the sent-by port. `maddr` is not honoured: multicast is not supported.
 */
export function responsePeer(req: IncomingRequest, source: Peer): Peer {
  const top = req.via[0];
  if (source.transport !== "UDP" || !top) return source;
  const address = top.received ?? source.address;
  const port = typeof top.rport === "number" ? top.rport : top.rport === true ? source.port : (top.port ?? 5060);
  return { transport: "UDP", address, port };
}
