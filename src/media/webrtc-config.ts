import { type PeerConfig, RTCRtpCodecParameters } from "werift";
import type { G711Codec } from "./leg.ts";

/** RFC 3551 static payload types: a browser leg negotiates these and nothing else, so trunk audio passes through. */
export const G711_PAYLOAD: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

/** How the server side of a browser leg reaches the network. */
export type WebrtcNetwork = {
  /**
   * The one address to offer host candidates on (e.g. 127.0.0.1 when the appliance serves only
   * loopback). Undefined: every non-internal interface, as werift finds them.
   */
  hostAddress?: string;
  /** Codec preference in the answer; the first one the browser also offers wins. */
  codecs?: readonly G711Codec[];
};

export function codecParameters(order: readonly G711Codec[]): RTCRtpCodecParameters[] {
  return order.map(
    (name) => new RTCRtpCodecParameters({ mimeType: `audio/${name}`, clockRate: 8000, channels: 1, payloadType: G711_PAYLOAD[name] }),
  );
}

/**
 * Peer settings for the appliance's side: audio G.711 only, no video codecs, no STUN or TURN server
 * (werift falls back to a public STUN server unless gathering is ICE-lite), and ICE-lite because the
 * appliance sits at a known address and the browser, a full agent, drives the checks (RFC 8445 §2.5).
 */
export function serverPeerConfig(net: WebrtcNetwork): Partial<PeerConfig> {
  const config: Partial<PeerConfig> = {
    codecs: { audio: codecParameters(net.codecs ?? ["PCMU", "PCMA"]), video: [] },
    iceServers: [],
    iceLite: true,
    iceUseIpv6: false,
    iceUseTcp: false,
  };
  if (!net.hostAddress) return config;
  return {
    ...config,
    iceInterfaceAddresses: { udp4: net.hostAddress },
    iceAdditionalHostAddresses: [net.hostAddress],
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === net.hostAddress,
  };
}

/** Is this candidate line (`candidate:… udp prio ADDRESS port typ …`) on an address we may offer? */
export function candidateAllowed(candidate: string, hostAddress: string | undefined): boolean {
  if (!hostAddress) return true;
  return candidate.split(" ")[4] === hostAddress;
}

/** The SDP with candidate lines on other addresses removed (werift puts every gathered one in). */
export function keepAllowedCandidates(sdp: string, hostAddress: string | undefined): string {
  if (!hostAddress) return sdp;
  return sdp
    .split("\r\n")
    .filter((line) => !line.startsWith("a=candidate:") || candidateAllowed(line.slice(2), hostAddress))
    .join("\r\n");
}
