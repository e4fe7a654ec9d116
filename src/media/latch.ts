/** Where a session sends, and whether a packet from the far end has fixed (latched) the port yet. */
export type LatchTarget = { address: string; port: number; latched: boolean };

/** Symmetric RTP: accept the expected IP from any port once (and latch that port), then only that address. */
export function admit(target: LatchTarget | null, address: string, port: number): boolean {
  if (!target) return false;
  const from = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (target.latched) return from === target.address && port === target.port;
  if (from !== target.address) return false;
  target.port = port;
  target.latched = true;
  return true;
}
