import {
  DEFAULT_PORT_RANGE,
  holdMusicPlayer,
  type MediaScheduler,
  PortPool,
  type PortRange,
  RealtimeScheduler,
  RtpLeg,
} from "../media/index.ts";
import type { Logger } from "../shared/index.ts";
import type { CallMedia } from "./inbound-calls.ts";

export type RtpMediaOptions = {
  /** The address RTP sockets bind (as SIP does: loopback, or every interface). */
  readonly host: string;
  /** The address written in SDP (SIP's advertised host). */
  readonly address: string;
  readonly log: Logger;
  readonly range?: PortRange;
  readonly scheduler?: MediaScheduler;
};

/** Plain RTP legs from a port range, the embedded hold music and a real-time scheduler. */
export function rtpCallMedia(o: RtpMediaOptions): CallMedia {
  const pool = new PortPool(o.range ?? DEFAULT_PORT_RANGE);
  const scheduler = o.scheduler ?? new RealtimeScheduler(20_000, o.log);
  return {
    address: o.address,
    scheduler,
    async openLeg() {
      const opened = await RtpLeg.open({ pool, host: o.host, scheduler, log: o.log });
      if (!opened.ok) o.log.warn("no RTP leg for a call", { error: opened.error });
      return opened.ok ? opened.value : null;
    },
    holdMusic: () => holdMusicPlayer(),
  };
}
