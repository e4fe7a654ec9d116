import { fail, ok, type Result } from "./result.ts";

/** Media direction attributes (RFC 3264 §5.1); a missing one means sendrecv. */
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export type RtpMap = { readonly encoding: string; readonly clockRate: number; readonly channels: number };

/** One `m=` section with the attributes this appliance acts on; others are kept as text. */
export type MediaSection = {
  readonly kind: string;
  readonly port: number;
  readonly protocol: string;
  /** Formats in the sender's order of preference (payload type numbers for RTP). */
  readonly formats: readonly string[];
  readonly connection: string | null;
  readonly direction: Direction | null;
  readonly rtpmaps: ReadonlyMap<number, RtpMap>;
  readonly fmtps: ReadonlyMap<number, string>;
  readonly ptime: number | null;
  readonly rtcp: { readonly port: number; readonly address: string | null } | null;
  readonly attributes: readonly string[];
};

export type SessionDescription = {
  readonly origin: { readonly username: string; readonly sessionId: string; readonly version: string; readonly address: string };
  readonly sessionName: string;
  readonly connection: string | null;
  readonly direction: Direction | null;
  readonly media: readonly MediaSection[];
};

/** Bounds on what a peer may send: SDP comes from the network. */
const MAX_BYTES = 16_384;
const MAX_MEDIA = 16;
const MAX_FORMATS = 64;
const DIRECTIONS: readonly string[] = ["sendrecv", "sendonly", "recvonly", "inactive"];

type Draft = Omit<MediaSection, "rtpmaps" | "fmtps" | "attributes" | "connection" | "direction" | "ptime" | "rtcp"> & {
  connection: string | null;
  direction: Direction | null;
  ptime: number | null;
  rtcp: MediaSection["rtcp"];
  rtpmaps: Map<number, RtpMap>;
  fmtps: Map<number, string>;
  attributes: string[];
};

/** Parses an SDP body (RFC 4566); a malformed one is an error naming the first problem, never an exception. */
export function parseSdp(text: string): Result<SessionDescription> {
  if (text.length > MAX_BYTES) return fail("SDP body too large");
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== "v=0") return fail("SDP must start with v=0");
  let origin: SessionDescription["origin"] | null = null;
  let sessionName = "";
  const session = { connection: null as string | null, direction: null as Direction | null };
  const media: Draft[] = [];
  for (const line of lines.slice(1)) {
    if (line[1] !== "=") return fail(`malformed SDP line "${line.slice(0, 40)}"`);
    const [type, value] = [line[0], line.slice(2)];
    const current = media[media.length - 1];
    if (type === "m") {
      const section = parseMediaLine(value);
      if (!section.ok) return section;
      if (media.length >= MAX_MEDIA) return fail("too many m= lines");
      media.push(section.value);
    } else if (type === "o") {
      const [username, sessionId, version, , , address] = value.split(" ");
      if (!address) return fail("malformed o= line");
      origin = { username: username as string, sessionId: sessionId as string, version: version as string, address };
    } else if (type === "s") sessionName = value;
    else if (type === "c") {
      const address = parseConnection(value);
      if (!address.ok) return address;
      if (current) current.connection = address.value;
      else session.connection = address.value;
    } else if (type === "a") {
      const problem = current ? applyAttribute(current, value) : null;
      if (problem) return fail(problem);
      if (!current && DIRECTIONS.includes(value)) session.direction = value as Direction;
    }
  }
  if (!origin) return fail("SDP has no o= line");
  return ok({ origin, sessionName, ...session, media });
}

function parseMediaLine(value: string): Result<Draft> {
  const [kind, portText, protocol, ...formats] = value.split(" ");
  const port = Number.parseInt((portText ?? "").split("/")[0] ?? "", 10);
  if (!kind || !protocol || !/^\d+(\/\d+)?$/.test(portText ?? "") || port > 65535) return fail("malformed m= line");
  if (formats.length === 0 || formats.length > MAX_FORMATS) return fail("m= line needs 1 to 64 formats");
  return ok({
    kind,
    port,
    protocol,
    formats,
    connection: null,
    direction: null,
    rtpmaps: new Map(),
    fmtps: new Map(),
    ptime: null,
    rtcp: null,
    attributes: [],
  });
}

function parseConnection(value: string): Result<string> {
  const [net, kind, address] = value.split(" ");
  if (net !== "IN" || (kind !== "IP4" && kind !== "IP6") || !address) return fail("malformed c= line");
  return ok(address.split("/")[0] as string);
}

/** Reads one media-level attribute into the draft; a problem text when a known attribute is malformed. */
function applyAttribute(section: Draft, value: string): string | null {
  const colon = value.indexOf(":");
  const name = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? "" : value.slice(colon + 1);
  if (DIRECTIONS.includes(name)) section.direction = name as Direction;
  else if (name === "rtpmap") {
    const match = /^(\d{1,3}) ([^/\s]+)\/(\d+)(?:\/(\d+))?$/.exec(rest);
    if (!match) return "malformed a=rtpmap";
    section.rtpmaps.set(Number(match[1]), { encoding: match[2] as string, clockRate: Number(match[3]), channels: Number(match[4] ?? 1) });
  } else if (name === "fmtp") {
    const match = /^(\d{1,3}) (.*)$/.exec(rest);
    if (match) section.fmtps.set(Number(match[1]), match[2] as string);
  } else if (name === "ptime") section.ptime = Number.parseFloat(rest) || null;
  else if (name === "rtcp") {
    const [port, , , address] = rest.split(" ");
    const number = Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65535) return "malformed a=rtcp";
    section.rtcp = { port: number, address: address ?? null };
  } else section.attributes.push(value);
  return null;
}
