import { parseRtp, type RtpPacket, serializeRtp } from "../../src/media/rtp-packet.ts";

/**
 * A bare UDP endpoint on loopback playing a SIP provider's or phone's media side in tests and benchmarks: it
 * sends RTP where it is told and keeps every packet it receives.
 */
export class RtpTestPeer {
  readonly received: RtpPacket[] = [];
  errors = 0;
  #waiters: { count: number; resolve: () => void }[] = [];
  #sequence = 1000;
  #timestamp = 160_000;

  private constructor(
    private readonly socket: Awaited<ReturnType<typeof bind>>,
    readonly ssrc: number,
  ) {}

  static async open(host = "127.0.0.1"): Promise<RtpTestPeer> {
    let self: RtpTestPeer | null = null;
    const socket = await bind(
      host,
      (data) => self?.take(data),
      () => {
        if (self) self.errors++;
      },
    );
    self = new RtpTestPeer(socket, 0x5eed0000 + Math.floor(Math.random() * 0xffff));
    return self;
  }

  get port(): number {
    return this.socket.port;
  }

  get address(): string {
    return this.socket.hostname;
  }

  /** Sends a 20 ms frame (or any payload type) to `port`, with this peer's own running sequence and timestamp. */
  send(port: number, payload: Uint8Array, payloadType = 0, options: { marker?: boolean; timestamp?: number } = {}): void {
    const bytes = serializeRtp({
      marker: options.marker ?? false,
      payloadType,
      sequence: this.#sequence++ & 0xffff,
      timestamp: options.timestamp ?? this.#timestamp,
      ssrc: this.ssrc,
      payload,
    });
    if (options.timestamp === undefined) this.#timestamp += 160;
    this.sendRaw(port, bytes);
  }

  sendRaw(port: number, bytes: Uint8Array, address = "127.0.0.1"): void {
    try {
      this.socket.send(bytes, port, address);
    } catch {
      this.errors++;
    }
  }

  /** Resolves once `count` packets have arrived in all; rejects after `timeoutMs` of waiting for the network. */
  waitFor(count: number, timeoutMs = 2000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${this.received.length} of ${count} packets`)), timeoutMs);
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  close(): void {
    this.socket.close();
  }

  private take(data: Uint8Array): void {
    const parsed = parseRtp(data);
    if (!parsed.ok) return;
    this.received.push(parsed.value);
    const done = this.#waiters.filter((w) => this.received.length >= w.count);
    this.#waiters = this.#waiters.filter((w) => this.received.length < w.count);
    for (const w of done) w.resolve();
  }
}

function bind(host: string, onData: (data: Uint8Array) => void, onError: () => void) {
  return Bun.udpSocket({
    hostname: host,
    binaryType: "uint8array",
    socket: { data: (_socket, data) => onData(data), error: onError },
  });
}
