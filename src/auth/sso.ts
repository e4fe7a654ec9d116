import { and, eq, sql } from "drizzle-orm";
import * as oidc from "openid-client";
import type { Db } from "../db/index.ts";
import type { SsoSettings } from "../settings/index.ts";
import { Forbidden, ValidationError } from "../shared/index.ts";
import { users } from "./schema.ts";
import type { SessionUser } from "./sessions.ts";

/** How long the provider may take to answer one request (discovery, token, userinfo), in seconds. */
export const SSO_TIMEOUT_S = 10;
/** A provider's discovery document is fetched again after this long (keys and endpoints rarely move). */
const DISCOVERY_KEEP_MS = 10 * 60_000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Is single sign-on set up (issuer, client id and button label saved)? */
export function ssoConfigured(s: SsoSettings): boolean {
  return Boolean(s.issuer && s.clientId && s.label);
}

/** Must this role sign in with single sign-on (its password refused)? */
export function ssoRequiredFor(s: SsoSettings, role: string): boolean {
  return ssoConfigured(s) && role !== "admin" && (s.requiredRoles as string[]).includes(role);
}

/** Plain http is accepted for a provider on this box only (a test or a local proxy); anything else must be https. */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "Issuer URL must be a full URL such as https://login.example.com/realms/center";
  }
  if (url.search || url.hash) return "Issuer URL must not have a query or fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return null;
  return "Issuer URL must start with https:// (plain http only for a provider on this box)";
}

let discovered: { key: string; at: number; config: oidc.Configuration } | null = null;

/** The provider's configuration by discovery (its /.well-known/openid-configuration), kept for a few minutes. */
export async function discoverProvider(s: SsoSettings, now: number): Promise<oidc.Configuration> {
  const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret]);
  if (discovered?.key === key && now - discovered.at < DISCOVERY_KEEP_MS) return discovered.config;
  const issuer = new URL(s.issuer);
  const config = await oidc.discovery(
    issuer,
    s.clientId,
    s.clientSecret ? { client_secret: s.clientSecret } : undefined,
    s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None(),
    { timeout: SSO_TIMEOUT_S, execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [] },
  );
  discovered = { key, at: now, config };
  return config;
}

/** What this browser must bring back to the callback: kept in an HttpOnly cookie between the two requests. */
export type PendingSso = { state: string; nonce: string; verifier: string; next: string };

/** Starts a sign-in: the provider's authorization URL (code flow, PKCE S256, state, nonce) and what to keep. */
export async function beginSso(s: SsoSettings, redirectUri: string, next: string, now: number) {
  const config = await discoverProvider(s, now);
  const pending: PendingSso = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: s.matchClaim === "email" ? "openid email" : "openid email profile",
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

export type SsoIdentity = { subject: string; claims: Record<string, unknown> };

/**
 * Finishes a sign-in from the provider's answer: checks state, exchanges the code with the PKCE verifier, and
 * checks the ID token (signature, issuer, audience, expiry, nonce). The userinfo endpoint fills in the claim
 * that finds the account when the ID token lacks it.
 */
export async function finishSso(s: SsoSettings, callbackUrl: URL, pending: PendingSso, now: number): Promise<SsoIdentity> {
  const config = await discoverProvider(s, now);
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new ValidationError("The provider sent no ID token.");
  let claims: Record<string, unknown> = { ...idClaims };
  const lacking = !(s.matchClaim in claims) || (s.matchClaim === "email" && !("email_verified" in claims));
  if (lacking && config.serverMetadata().userinfo_endpoint) {
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...info, ...claims, [s.matchClaim]: claims[s.matchClaim] ?? info[s.matchClaim] };
    if (s.matchClaim === "email") claims.email_verified = idClaims.email_verified ?? info.email_verified;
  }
  return { subject: idClaims.sub, claims };
}

/**
 * The existing account this identity belongs to: by verified email, or by the configured claim holding the
 * username. Nobody is created; unknown, ambiguous, disabled, locked and not-allowed accounts are refused.
 */
export function accountForIdentity(db: Db, s: SsoSettings, identity: SsoIdentity): SessionUser {
  const value = identity.claims[s.matchClaim];
  if (typeof value !== "string" || !value)
    throw new Forbidden(`${s.label} did not tell who you are (no "${s.matchClaim}" claim). Ask an administrator.`);
  let found: SessionUser[];
  if (s.matchClaim === "email") {
    const verified = identity.claims.email_verified;
    if (verified !== true && verified !== "true")
      throw new Forbidden(`${s.label} has not verified your email ${value}, so it cannot find your account here.`);
    found = db
      .select()
      .from(users)
      .where(and(sql`lower(${users.email}) = ${value.toLowerCase()}`, sql`${users.email} <> ''`))
      .limit(2)
      .all();
  } else {
    found = db.select().from(users).where(eq(users.username, value)).limit(2).all();
  }
  const what = s.matchClaim === "email" ? `the email ${value}` : `the username ${value}`;
  if (!found.length) throw new Forbidden(`No account here has ${what}. Ask an administrator to add you first.`);
  if (found.length > 1) throw new Forbidden(`More than one account here has ${what}. Ask an administrator to sort that out.`);
  const user = found[0] as SessionUser;
  if (user.locked) throw new Forbidden("This account is locked. Ask an administrator to unlock it.");
  if (user.disabled) throw new Forbidden("This account is disabled.");
  if (!(s.allowedRoles as string[]).includes(user.role))
    throw new Forbidden(`Accounts with the ${user.role} role do not sign in with ${s.label} here. Sign in with your password.`);
  return user;
}

/** Test connection: discovery against the saved issuer, saying what was found or what failed. */
export async function checkSsoProvider(s: SsoSettings, now: number): Promise<{ ok: boolean; message: string }> {
  discovered = null;
  try {
    const meta = (await discoverProvider(s, now)).serverMetadata();
    const pkce = meta.code_challenge_methods_supported;
    if (pkce && !pkce.includes("S256"))
      return { ok: false, message: `Found ${meta.issuer}, but it does not offer PKCE with S256, which sign-in here needs.` };
    const codeFlow = !meta.response_types_supported || meta.response_types_supported.includes("code");
    if (!codeFlow) return { ok: false, message: `Found ${meta.issuer}, but it does not offer the authorization code flow.` };
    return { ok: true, message: `Found the provider ${meta.issuer}: sign-in at ${meta.authorization_endpoint}. Discovery works.` };
  } catch (err) {
    const e = err as { code?: string; message?: string; cause?: { message?: string } };
    const why = [e.message, e.cause?.message].filter(Boolean).join(": ") || String(err);
    return { ok: false, message: `Discovery failed: ${why}`.slice(0, 400) };
  }
}

/** For `doctor`: off, or what discovery of the saved provider found. */
export async function ssoCheck(s: SsoSettings, now: number): Promise<{ ok: boolean; detail: string }> {
  if (!ssoConfigured(s)) return { ok: true, detail: "off (Admin → Settings → Single sign-on)" };
  const { ok, message } = await checkSsoProvider(s, now);
  return { ok, detail: message };
}
