import type { Connection } from "jsforce/core";
import type { SalesforceSettings } from "../../settings/index.ts";
import type { Clock } from "../../shared/index.ts";
import { clientOf, connect, probe, type SalesforceClient } from "./client.ts";

/** Salesforce gets this long per answer; the console shows a calm note after it. */
export const SF_TIMEOUT_MS = 4_000;
export const NO_ANSWER = "Salesforce did not answer; the interaction goes on.";

/** Whether the admin has filled in enough to sign in. */
export function isConfigured(s: SalesforceSettings): boolean {
  const signIn = s.flow === "password" ? Boolean(s.username && s.password) : true;
  return Boolean(s.loginUrl && s.clientId && s.clientSecret && signIn);
}

/** The signed-in connection, kept while the settings stay the same, and calls bounded by SF_TIMEOUT_MS. */
export function createSfSession(clock: Clock, settings: () => SalesforceSettings) {
  let session: { key: string; conn: Promise<Connection> } | null = null;

  /** Gives up waiting after SF_TIMEOUT_MS (the request itself may still finish in the background). */
  function timed<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = clock.setTimeout(() => reject(new TimeoutError()), SF_TIMEOUT_MS);
      work.then(resolve, reject).finally(() => clock.clearTimeout(t));
    });
  }

  function connection(s: SalesforceSettings): Promise<Connection> {
    const key = JSON.stringify(s);
    if (session?.key !== key) {
      const conn = connect(s);
      session = { key, conn };
      conn.catch(() => {
        if (session?.conn === conn) session = null;
      });
    }
    return session.conn;
  }

  /** Runs a call; a refused session signs in once more and tries again. */
  async function withClient<T>(call: (c: SalesforceClient) => Promise<T>): Promise<T> {
    const s = settings();
    if (!isConfigured(s)) throw new Error("Salesforce is not configured (Admin → Settings → Salesforce)");
    try {
      return await timed(connection(s).then((c) => call(clientOf(c))));
    } catch (err) {
      // A sign-in that hangs is not waited for again: the next call signs in afresh.
      if (err instanceof TimeoutError) session = null;
      if ((err as { errorCode?: string }).errorCode !== "INVALID_SESSION_ID") throw err;
      session = null;
      return timed(connection(s).then((c) => call(clientOf(c))));
    }
  }

  return {
    withClient,
    instanceUrl: async () => (await connection(settings())).instanceUrl,
    /** Signs in afresh on the next call (Test connection). */
    reset: () => {
      session = null;
    },
  };
}

/** `switchboard doctor`: whether the saved settings sign in and query, without the running appliance. */
export async function salesforceCheck(s: SalesforceSettings): Promise<{ ok: boolean; detail: string }> {
  if (!isConfigured(s)) return { ok: true, detail: "off (Admin → Settings → Salesforce)" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), SF_TIMEOUT_MS);
  });
  try {
    const instance = await Promise.race([connect(s).then((c) => probe(clientOf(c))), late]);
    return { ok: true, detail: `signs in and queries Contacts at ${instance}` };
  } catch (err) {
    return { ok: false, detail: `${s.loginUrl}: ${err instanceof TimeoutError ? "no answer within 4 s" : short(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  constructor() {
    super("Salesforce did not answer in time");
  }
}

export function short(err: unknown): string {
  const e = err as { errorCode?: string; message?: string; name?: string };
  return `${e.errorCode ?? e.name ?? "error"}: ${e.message ?? String(err)}`.slice(0, 200);
}
