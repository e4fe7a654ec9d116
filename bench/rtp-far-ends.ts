/**
 * The emulated far ends of bench/rtp-bridge.ts: for each call a caller and an agent socket, both sending a
 * 20 ms PCMU frame every 20 ms on one shared, drift-corrected timer, calls spread evenly over the 20 ms. Each payload carries the measuring window
 * it was sent in and its send time, so the receiver can count losses and measure the jitter the path added
 * (RFC 3550 §6.4.1 interarrival jitter, taken against the real send times rather than the RTP timestamps, so
 * this process's own pacing wobble is not charged to the appliance).
 */
import type { udp } from "bun";
import { parseRtp, serializeRtp } from "../src/media/rtp-packet.ts";

type Stream = { sent: number; received: number; jitter: number; jitterSum: number; last: { sentAt: number; arrivedAt: number } | null };

/** |D| (transit-time difference between consecutive packets of a stream) in 0.1 ms bins, for percentiles. */
export const transitDiffs = new Uint32Array(20_000);

export class FarEnd {
  readonly stream: Stream = { sent: 0, received: 0, jitter: 0, jitterSum: 0, last: null };
  target = 0;
  #sequence = 0;

  private constructor(
    private readonly socket: udp.Socket<"uint8array">,
    private readonly window: () => number,
    private readonly ssrc: number,
  ) {}

  static async open(window: () => number, ssrc: number): Promise<FarEnd> {
    let self: FarEnd | null = null;
    const socket = await Bun.udpSocket({
      hostname: "127.0.0.1",
      binaryType: "uint8array",
      socket: { data: (_s, data) => self?.receive(data), error: () => {} },
    });
    self = new FarEnd(socket, window, ssrc);
    return self;
  }

  get port(): number {
    return this.socket.port;
  }

  send(): void {
    const payload = new Uint8Array(160).fill(0xff);
    const view = new DataView(payload.buffer);
    view.setUint8(0, this.window());
    view.setFloat64(8, performance.now());
    const sequence = this.#sequence++;
    const bytes = serializeRtp({ marker: sequence === 0, payloadType: 0, sequence, timestamp: sequence * 160, ssrc: this.ssrc, payload });
    this.socket.send(bytes, this.target, "127.0.0.1");
    if (this.window() === 1) this.stream.sent++;
  }

  close(): void {
    this.socket.close();
  }

  private receive(data: Uint8Array): void {
    const packet = parseRtp(data);
    if (!packet.ok || packet.value.payloadType !== 0 || packet.value.payload.length < 16) return; // RTCP lands here too
    const payload = packet.value.payload;
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    if (view.getUint8(0) !== 1) return;
    const sentAt = view.getFloat64(8);
    const arrivedAt = performance.now();
    const s = this.stream;
    s.received++;
    if (s.last) {
      const d = Math.abs(arrivedAt - s.last.arrivedAt - (sentAt - s.last.sentAt));
      s.jitter += (d - s.jitter) / 16;
      const bin = Math.min(transitDiffs.length - 1, Math.floor(d * 10));
      transitDiffs[bin] = (transitDiffs[bin] as number) + 1;
    }
    s.jitterSum += s.jitter;
    s.last = { sentAt, arrivedAt };
  }
}

/** Slots per 20 ms: real calls are not in step, so the far ends send in ten groups 2 ms apart, not in one burst. */
export const SLOTS = 10;

/** Calls `tick(slot)` every 2 ms against performance.now(), catching up without drift; returns a stop function. */
export function pace(tick: (slot: number) => void): () => void {
  const period = 20 / SLOTS;
  let due = performance.now();
  let slot = 0;
  let stopped = false;
  const loop = () => {
    if (stopped) return;
    const now = performance.now();
    while (due <= now) {
      tick(slot);
      slot = (slot + 1) % SLOTS;
      due += period;
    }
    setTimeout(loop, Math.max(0, due - performance.now()));
  };
  loop();
  return () => {
    stopped = true;
  };
}
