import { existsSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { resolve } from "node:path";
import type { LogLevel } from "./shared/log.ts";

/** Every setting of the appliance, with its named default. Read once at start, then frozen. */
export type Config = Readonly<{
  dataDir: string;
  httpHost: string;
  httpPort: number;
  sipPort: number;
  /** UDP ports for the RTP of trunk calls: RTP on even ports, RTCP on the odd port above each. */
  rtpPorts: Readonly<{ first: number; last: number }>;
  /** The IPv4 address a NAT in front of the box forwards media to: written in trunk SDP, offered to browsers; "" = none. */
  mediaAddress: string;
  /** Calls in progress with the trunk (inbound and outbound) beyond which new ones are refused with 503. */
  maxCalls: number;
  /** New calls a second from the trunk beyond which INVITEs are answered 503 (FEATURES Q2). */
  maxCallsPerSecond: number;
  /** How long a SIP source that kept failing (refused requests, wrong passwords, garbage, floods, scanners) is ignored. */
  sipBanSeconds: number;
  /** "auto" = use cert/key if given, else a self-signed certificate made at first run; "off" = plain HTTP on loopback only. */
  tls: "auto" | "off";
  tlsCert: string | null;
  tlsKey: string | null;
  /** Base URL used in links sent by mail and printed at first run; derived from host/port when empty. */
  publicUrl: string;
  logLevel: LogLevel;
  sessionHours: number;
  maxUploadBytes: number;
  /** Chat files one conversation may hold, in MB (both sides together). */
  chatFilesPerChatMb: number;
  /** Chat files one visitor address may send in a day, in MB. */
  chatFilesPerAddressMb: number;
  /** Chat files the box holds in all, in MB. */
  chatFilesTotalMb: number;
  /** Days a chat file is kept; older ones are removed (the message stays). 0 = kept for ever. */
  chatFilesKeepDays: number;
  /** Free disk space below which files are refused and /healthz reports the disk, in MB. */
  minFreeDiskMb: number;
}>;

export const DEFAULTS: Config = Object.freeze({
  dataDir: "./data",
  httpHost: "0.0.0.0",
  httpPort: 8443,
  sipPort: 5060,
  rtpPorts: Object.freeze({ first: 20000, last: 29999 }),
  mediaAddress: "",
  maxCalls: 200,
  maxCallsPerSecond: 50,
  sipBanSeconds: 900,
  tls: "auto",
  tlsCert: null,
  tlsKey: null,
  publicUrl: "",
  logLevel: "info",
  sessionHours: 12,
  maxUploadBytes: 8 * 1024 * 1024,
  chatFilesPerChatMb: 50,
  chatFilesPerAddressMb: 100,
  chatFilesTotalMb: 2048,
  chatFilesKeepDays: 90,
  minFreeDiskMb: 500,
});

/** Each setting: its CLI flag, environment variable and config-file key. README documents the same table. */
export const SETTINGS: ReadonlyArray<{ key: keyof Config; flag: string; env: string; help: string }> = [
  { key: "dataDir", flag: "--data-dir", env: "SWITCHBOARD_DATA_DIR", help: "folder for the database, certificate and backups" },
  { key: "httpHost", flag: "--http-host", env: "SWITCHBOARD_HTTP_HOST", help: "address the web server binds to" },
  { key: "httpPort", flag: "--http-port", env: "SWITCHBOARD_HTTP_PORT", help: "web port (HTTPS unless TLS is off)" },
  { key: "sipPort", flag: "--sip-port", env: "SWITCHBOARD_SIP_PORT", help: "SIP port, UDP and TCP" },
  { key: "rtpPorts", flag: "--rtp-ports", env: "SWITCHBOARD_RTP_PORTS", help: "UDP ports for call audio, FIRST-LAST, e.g. 20000-29999" },
  {
    key: "mediaAddress",
    flag: "--media-address",
    env: "SWITCHBOARD_MEDIA_ADDRESS",
    help: "public IPv4 address for call audio behind NAT (SDP and browser candidates)",
  },
  { key: "maxCalls", flag: "--max-calls", env: "SWITCHBOARD_MAX_CALLS", help: "trunk calls at once; more are refused with 503" },
  {
    key: "maxCallsPerSecond",
    flag: "--max-calls-per-second",
    env: "SWITCHBOARD_MAX_CALLS_PER_SECOND",
    help: "new calls a second; more are answered 503",
  },
  {
    key: "sipBanSeconds",
    flag: "--sip-ban-seconds",
    env: "SWITCHBOARD_SIP_BAN_SECONDS",
    help: "how long a SIP address that keeps failing is ignored",
  },
  { key: "tls", flag: "--tls", env: "SWITCHBOARD_TLS", help: "auto (cert/key or self-signed) or off (HTTP on loopback only)" },
  { key: "tlsCert", flag: "--tls-cert", env: "SWITCHBOARD_TLS_CERT", help: "PEM certificate file" },
  { key: "tlsKey", flag: "--tls-key", env: "SWITCHBOARD_TLS_KEY", help: "PEM private key file" },
  {
    key: "publicUrl",
    flag: "--public-url",
    env: "SWITCHBOARD_PUBLIC_URL",
    help: "base URL in mailed links, e.g. https://pbx.example.lan:8443",
  },
  { key: "logLevel", flag: "--log-level", env: "SWITCHBOARD_LOG_LEVEL", help: "debug, info, warn or error" },
  { key: "sessionHours", flag: "--session-hours", env: "SWITCHBOARD_SESSION_HOURS", help: "how long a sign-in lasts without activity" },
  { key: "maxUploadBytes", flag: "--max-upload-bytes", env: "SWITCHBOARD_MAX_UPLOAD_BYTES", help: "largest accepted upload" },
  {
    key: "chatFilesPerChatMb",
    flag: "--chat-files-per-chat-mb",
    env: "SWITCHBOARD_CHAT_FILES_PER_CHAT_MB",
    help: "chat files one chat may hold (MB)",
  },
  {
    key: "chatFilesPerAddressMb",
    flag: "--chat-files-per-address-mb",
    env: "SWITCHBOARD_CHAT_FILES_PER_ADDRESS_MB",
    help: "chat files one visitor address may send a day (MB)",
  },
  {
    key: "chatFilesTotalMb",
    flag: "--chat-files-total-mb",
    env: "SWITCHBOARD_CHAT_FILES_TOTAL_MB",
    help: "chat files the box holds in all (MB)",
  },
  {
    key: "chatFilesKeepDays",
    flag: "--chat-files-keep-days",
    env: "SWITCHBOARD_CHAT_FILES_KEEP_DAYS",
    help: "days chat files are kept (0 = for ever)",
  },
  {
    key: "minFreeDiskMb",
    flag: "--min-free-disk-mb",
    env: "SWITCHBOARD_MIN_FREE_DISK_MB",
    help: "free disk space kept: below it files are refused and /healthz fails (MB)",
  },
];

export class ConfigError extends Error {}

type Sources = { args: Record<string, string>; env: Record<string, string | undefined> };

/** Precedence: flag, then environment, then config file, then default. */
export function loadConfig({ args, env }: Sources): Config {
  const file = args["--config"] ?? env.SWITCHBOARD_CONFIG;
  const fromFile = file ? readConfigFile(file) : {};
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const s of SETTINGS) {
    const raw = args[s.flag] ?? env[s.env] ?? fromFile[s.key];
    if (raw !== undefined && raw !== "") out[s.key] = coerce(s.key, raw, s.flag);
  }
  const config = out as Config;
  if (config.tls === "off" && !isLoopback(config.httpHost)) {
    if (args["--http-host"] ?? env.SWITCHBOARD_HTTP_HOST ?? fromFile.httpHost)
      throw new ConfigError("plain HTTP is only allowed on a loopback address; set --tls auto or --http-host 127.0.0.1");
    out.httpHost = "127.0.0.1";
  }
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) throw new ConfigError("--tls-cert and --tls-key go together");
  out.dataDir = resolve(String(out.dataDir));
  return Object.freeze(out) as Config;
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    const known = new Set(SETTINGS.map((s) => s.key as string));
    const unknown = Object.keys(parsed).filter((k) => !known.has(k));
    if (unknown.length) throw new Error(`unknown keys: ${unknown.join(", ")}`);
    return parsed;
  } catch (err) {
    throw new ConfigError(`config file ${path}: ${(err as Error).message}`);
  }
}

function coerce(key: keyof Config, raw: unknown, flag: string): unknown {
  const text = String(raw);
  switch (key) {
    case "httpPort":
    case "sipPort":
      return int(text, flag, 0, 65535);
    case "rtpPorts":
      return portRange(text, flag);
    case "mediaAddress":
      return ipv4(text, flag);
    case "maxCalls":
      return int(text, flag, 1, 10_000);
    case "maxCallsPerSecond":
      return int(text, flag, 1, 1_000);
    case "sipBanSeconds":
      return int(text, flag, 1, 7 * 86_400);
    case "sessionHours":
      return int(text, flag, 1, 24 * 30);
    case "maxUploadBytes":
      return int(text, flag, 1024, 1024 * 1024 * 1024);
    case "chatFilesPerChatMb":
    case "chatFilesPerAddressMb":
    case "chatFilesTotalMb":
      return int(text, flag, 1, 1024 * 1024);
    case "chatFilesKeepDays":
      return int(text, flag, 0, 36_500);
    case "minFreeDiskMb":
      return int(text, flag, 0, 1024 * 1024);
    case "tls":
      if (text !== "auto" && text !== "off") throw new ConfigError(`${flag} must be auto or off`);
      return text;
    case "logLevel":
      if (!["debug", "info", "warn", "error"].includes(text)) throw new ConfigError(`${flag} must be debug, info, warn or error`);
      return text;
    default:
      return text;
  }
}

function int(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${flag} must be a whole number from ${min} to ${max}`);
  return n;
}

/** FIRST-LAST: RTP takes the even ports and RTCP the odd one above each, so the range starts even (RFC 3550 §11). */
function portRange(text: string, flag: string): Config["rtpPorts"] {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  if (!m) throw new ConfigError(`${flag} must be a range FIRST-LAST, e.g. 20000-29999 (got "${text}")`);
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (first < 1024 || last > 65535) throw new ConfigError(`${flag} must lie within 1024-65535 (got ${first}-${last})`);
  if (first >= last) throw new ConfigError(`${flag}: the first port must be below the last (got ${first}-${last})`);
  if (first % 2 !== 0) throw new ConfigError(`${flag} must start on an even port: RTP is even, RTCP the odd port above (got ${first})`);
  return Object.freeze({ first, last });
}

function ipv4(text: string, flag: string): string {
  const parts = text.trim().split(".");
  const valid = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255) && Number(parts[0]) !== 0;
  if (!valid) throw new ConfigError(`${flag} must be an IPv4 address such as 203.0.113.7 (got "${text}")`);
  return parts.map(Number).join(".");
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/**
 * The base URL people reach the appliance at: the public URL, else the bound address; a box listening on every
 * address names its LAN address, so a link it prints or mails opens on the other PCs of the network too.
 */
export function baseUrl(config: Config, actualPort = config.httpPort, lan: string | null = lanAddress()): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  const scheme = config.tls === "off" ? "http" : "https";
  const host = config.httpHost === "0.0.0.0" || config.httpHost === "::" ? (lan ?? "localhost") : config.httpHost;
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
}

/** This box's first IPv4 address on a network (private ones first), or null on a box with loopback only. */
export function lanAddress(interfaces = networkInterfaces()): string | null {
  const found = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return found.find(isPrivate) ?? found[0] ?? null;
}

/** Which certificate the web server shows: none (plain HTTP), the one made at first run, or the configured one. */
export function certificateKind(config: Config): "none" | "self-signed" | "configured" {
  if (config.tls === "off") return "none";
  return config.tlsCert ? "configured" : "self-signed";
}

/** What to do so customers' browsers load the widget: they refuse a box whose certificate they do not trust. */
export const TRUSTED_CERT_ADVICE =
  "Give the box a certificate the public trusts (from Let's Encrypt or another public authority, for the name in the public URL) with --tls-cert and --tls-key (SWITCHBOARD_TLS_CERT, SWITCHBOARD_TLS_KEY), and set --public-url to that name.";
