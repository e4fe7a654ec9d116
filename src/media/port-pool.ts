/** The UDP ports media may use, from the appliance's settings (RTP on the even port, RTCP on the next). */
export type PortRange = { readonly first: number; readonly last: number };

export const DEFAULT_PORT_RANGE: PortRange = { first: 20000, last: 29999 };

/**
 * Hands out even RTP ports (and implicitly the odd RTCP port above each) from a fixed range. Ports are
 * handed out round-robin, so a port just released is the last to be reused: a late packet from the previous
 * call then finds nobody rather than the next caller.
 */
export class PortPool {
  readonly #free: number[] = [];
  readonly #taken = new Set<number>();

  constructor(readonly range: PortRange = DEFAULT_PORT_RANGE) {
    if (!Number.isInteger(range.first) || !Number.isInteger(range.last) || range.first < 1024 || range.last > 65535) {
      throw new RangeError(`RTP port range ${range.first}–${range.last} must lie within 1024–65535`);
    }
    for (let port = range.first + (range.first % 2); port + 1 <= range.last; port += 2) this.#free.push(port);
    if (this.#free.length === 0) throw new RangeError(`RTP port range ${range.first}–${range.last} holds no even/odd pair`);
  }

  /** An even port whose pair is not in use by another session, or null when every pair is taken. */
  allocate(): number | null {
    const port = this.#free.shift();
    if (port === undefined) return null;
    this.#taken.add(port);
    return port;
  }

  release(port: number): void {
    if (!this.#taken.delete(port)) return;
    this.#free.push(port);
  }

  get available(): number {
    return this.#free.length;
  }

  get inUse(): number {
    return this.#taken.size;
  }
}
