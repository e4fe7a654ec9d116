/**
 * The emulated far ends of bench/rtp-bridge.ts and the trunk side of bench/p2.ts: a UDP socket per caller or
 * agent, sending a stamped 20 ms PCMU frame each time it is told to (bench/rtp-meter.ts counts and times them).
 * A far end with no target yet latches onto the first sender it hears, as symmetric RTP does (the appliance's
 * hold music tells the P2 callers where the call's RTP port is).
 */
import type { udp } from "bun";
import { parseRtp, serializeRtp } from "../src/media/rtp-packet.ts";
import { StreamMeter } from "./rtp-meter.ts";

export { transitDiffs } from "./rtp-meter.ts";

export class FarEnd {
  readonly stream = new StreamMeter();
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
      socket: { data: (_s, data, port) => self?.receive(data, port), error: () => {} },
    });
    self = new FarEnd(socket, window, ssrc);
    return self;
  }

  get port(): number {
    return this.socket.port;
  }

  send(): void {
    if (!this.target) return;
    const sequence = this.#sequence++;
    const payload = this.stream.stamp(this.window());
    const bytes = serializeRtp({ marker: sequence === 0, payloadType: 0, sequence, timestamp: sequence * 160, ssrc: this.ssrc, payload });
    try {
      this.socket.send(bytes, this.target, "127.0.0.1");
    } catch {
      // An ICMP "port unreachable" from an earlier send (the relay closed the port): this frame is lost, counted as such.
    }
  }

  close(): void {
    this.socket.close();
  }

  private receive(data: Uint8Array, port: number): void {
    const packet = parseRtp(data);
    if (!packet.ok || packet.value.payloadType !== 0) return; // RTCP lands here too
    if (!this.target) this.target = port;
    this.stream.arrived(packet.value.payload, packet.value.timestamp);
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
