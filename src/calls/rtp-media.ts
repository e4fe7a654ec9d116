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
  /** The address written in SDP: the media address when one is configured, else SIP's advertised host. */
  readonly address: string;
  readonly log: Logger;
  /** The configured RTP ports (`--rtp-ports`); DEFAULT_PORT_RANGE when not given. */
  readonly range?: PortRange;
  readonly scheduler?: MediaScheduler;
};

/** Plain RTP legs from a port range, the embedded hold music and a real-time scheduler. */
export function rtpCallMedia(o: RtpMediaOptions): CallMedia {
  const range = o.range ?? DEFAULT_PORT_RANGE;
  const pool = new PortPool(range);
  const scheduler = o.scheduler ?? new RealtimeScheduler(20_000, o.log);
  o.log.info("call media", { rtpPorts: `${range.first}-${range.last}`, address: o.address });
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
