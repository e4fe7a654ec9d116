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
  /**
   * The public address a NAT in front of the appliance forwards to it (`--media-address`): offered as one more
   * host candidate, on its own socket, so a browser outside can reach the box. Undefined: none.
   */
  publicAddress?: string;
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
  const extra = net.publicAddress ? [net.publicAddress] : [];
  const allowed = allowedHosts(net);
  if (!allowed) return extra.length ? { ...config, iceAdditionalHostAddresses: extra } : config;
  return {
    ...config,
    // werift binds every candidate's socket on this interface, the public one too (the NAT forwards to it).
    iceInterfaceAddresses: { udp4: net.hostAddress },
    iceAdditionalHostAddresses: [...allowed],
    iceFilterCandidatePair: (pair) => allowed.has(pair.localCandidate.host),
  };
}

/** The addresses candidates may be on, or null for any (the appliance serves every interface). */
function allowedHosts(net: WebrtcNetwork): Set<string> | null {
  if (!net.hostAddress) return null;
  return new Set(net.publicAddress ? [net.hostAddress, net.publicAddress] : [net.hostAddress]);
}

/** Is this candidate line (`candidate:… udp prio ADDRESS port typ …`) on an address we may offer? */
export function candidateAllowed(candidate: string, net: WebrtcNetwork): boolean {
  const allowed = allowedHosts(net);
  return !allowed || allowed.has(candidate.split(" ")[4] ?? "");
}

/** The SDP with candidate lines on other addresses removed (werift puts every gathered one in). */
export function keepAllowedCandidates(sdp: string, net: WebrtcNetwork): string {
  if (!net.hostAddress) return sdp;
  return sdp
    .split("\r\n")
    .filter((line) => !line.startsWith("a=candidate:") || candidateAllowed(line.slice(2), net))
    .join("\r\n");
}
