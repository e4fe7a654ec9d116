/** The transports this stack speaks; TLS and WebSocket may follow. */
export type TransportName = "UDP" | "TCP";

/** One end of a hop: transport, IP address (IPv6 without brackets) and port. */
export type Peer = { readonly transport: TransportName; readonly address: string; readonly port: number };

/** Reliable transports need no retransmissions, and Timers D, I, J and K are zero on them (RFC 3261 §17). */
export function isReliable(transport: TransportName): boolean {
  return transport !== "UDP";
}

export function peerText(peer: Peer): string {
  const host = peer.address.includes(":") ? `[${peer.address}]` : peer.address;
  return `${peer.transport.toLowerCase()}:${host}:${peer.port}`;
}
