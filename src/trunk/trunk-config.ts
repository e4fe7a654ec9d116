import { eq } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import type { NumberRule } from "./number-rules.ts";
import { sipTrunk, type TRUNK_AUTH_MODES, type TRUNK_TRANSPORTS } from "./schema.ts";

export const CODECS = ["PCMU", "PCMA"] as const;
export type Codec = (typeof CODECS)[number];
export type TrunkTransport = (typeof TRUNK_TRANSPORTS)[number];
export type TrunkAuthMode = (typeof TRUNK_AUTH_MODES)[number];

/** The one SIP trunk (FEATURES A7), as the admin set it. */
export type TrunkConfig = {
  enabled: boolean;
  /** Provider host name or IP address; empty until the trunk is configured. */
  host: string;
  port: number;
  transport: TrunkTransport;
  /** "register": digest registration; "ip": the provider recognises our address, we check its. */
  authMode: TrunkAuthMode;
  username: string;
  password: string;
  /** When set, only challenges of this realm are answered. */
  authRealm: string;
  expiresS: number;
  allowList: string[];
  callerId: string;
  numberRules: NumberRule[];
  codecs: Codec[];
};

export const TRUNK_ID = "trunk";
export const EXPIRES_LIMITS = { min: 60, max: 3600 } as const;

export const TRUNK_DEFAULTS: TrunkConfig = {
  enabled: false,
  host: "",
  port: 5060,
  transport: "UDP",
  authMode: "register",
  username: "",
  password: "",
  authRealm: "",
  expiresS: 600,
  allowList: [],
  callerId: "",
  numberRules: [],
  codecs: ["PCMU", "PCMA"],
};

/** The trunk as stored, or the defaults when it was never saved. */
export function getTrunk(db: Db): TrunkConfig {
  const row = db.select().from(sipTrunk).where(eq(sipTrunk.id, TRUNK_ID)).get();
  if (!row) return structuredClone(TRUNK_DEFAULTS);
  return {
    enabled: row.enabled,
    host: row.host,
    port: row.port,
    transport: row.transport,
    authMode: row.authMode,
    username: row.username,
    password: row.password,
    authRealm: row.authRealm,
    expiresS: row.expiresS,
    allowList: jsonList<string>(row.allowList),
    callerId: row.callerId,
    numberRules: jsonList<NumberRule>(row.numberRules),
    codecs: jsonList<Codec>(row.codecs),
  };
}

/** A trunk is configured once it names its provider. */
export function isConfigured(trunk: TrunkConfig): boolean {
  return trunk.host !== "";
}

function jsonList<T>(text: string): T[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
