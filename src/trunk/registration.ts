import type { Clock, Logger, TimerHandle } from "../shared/index.ts";
import {
  chooseChallenge,
  createAuthorization,
  type IncomingResponse,
  newCallId,
  newTag,
  type Peer,
  type ResponseOrigin,
  type SipEndpoint,
} from "../sip/index.ts";
import { buildRegister, contactUri, grantedSeconds, type RegistrationTarget, registrarUri } from "./register-request.ts";
import { backoffMs, type RegistrationEvent, type RegistrationState, transition } from "./registration-machine.ts";

export type RegistrationReport =
  | { readonly state: "registering"; readonly at: number }
  | { readonly state: "registered"; readonly at: number; readonly until: number }
  | { readonly state: "failing"; readonly at: number; readonly error: string; readonly retryAt: number }
  | { readonly state: "stopped"; readonly at: number };

export type RegistrationDeps = {
  readonly endpoint: Pick<SipEndpoint, "request" | "local">;
  readonly clock: Clock;
  readonly log: Logger;
  resolve(host: string): Promise<string[]>;
  /** The host for our Contact (the public address), or "" for the address the endpoint listens on. */
  contactHost(): string;
  report(report: RegistrationReport): void;
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
  /** How long shutdown waits for the provider to answer the de-registration. */
  readonly unregisterWaitMs?: number;
};

export const REGISTRATION_BACKOFF = { firstMs: 15_000, maxMs: 600_000 } as const;
const MAX_EXPIRES_S = 7_200;
type Authorization = { name: "Authorization" | "Proxy-Authorization"; value: string };

/**
 * A UAC registration with the provider (RFC 3261 §10.2): REGISTER with our Contact, digest answers to 401
 * and 407, refresh at half the granted time, bounded exponential back-off on failure, and Expires: 0 on
 * shutdown. Each attempt has a round number, so late answers to an abandoned attempt are ignored.
 */
export class Registration {
  #state: RegistrationState = "idle";
  #ids = { callId: newCallId(), fromTag: newTag(), cseq: 0 };
  #expires: number;
  #round = 0;
  #timer: TimerHandle | undefined;
  #failures = 0;
  #challenges = 0;
  #registeredOnce = false;
  #stopping: Promise<void> | undefined;
  #stopped: (() => void) | undefined;

  constructor(
    readonly target: RegistrationTarget,
    private readonly deps: RegistrationDeps,
  ) {
    this.#expires = target.expiresS;
  }

  get state(): RegistrationState {
    return this.#state;
  }

  start(): void {
    this.move("start");
    this.attempt(this.#expires);
  }

  /** Stops; a registration that ever succeeded is removed first (bounded by `unregisterWaitMs`). */
  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping;
    this.clearTimer();
    if (!this.#registeredOnce || this.#state === "idle") {
      this.finish();
      return Promise.resolve();
    }
    this.move("unregister");
    this.#stopping = new Promise((resolve) => {
      this.#stopped = resolve;
    });
    this.#timer = this.deps.clock.setTimeout(() => this.finish(), this.deps.unregisterWaitMs ?? 5_000);
    this.attempt(0);
    return this.#stopping;
  }

  private attempt(expires: number, authorization?: Authorization): void {
    if (!authorization) this.#challenges = 0;
    const round = ++this.#round;
    this.#ids = { ...this.#ids, cseq: this.#ids.cseq + 1 };
    if (expires > 0 && !authorization) this.deps.report({ state: "registering", at: this.deps.clock.now() });
    void this.send(round, expires, authorization);
  }

  private async send(round: number, expires: number, authorization?: Authorization): Promise<void> {
    const { transport, host, port } = this.target;
    let peer: Peer;
    try {
      const [address = ""] = await this.deps.resolve(host);
      peer = { transport, address, port };
    } catch (err) {
      if (round === this.#round) this.giveUp(`cannot resolve ${host}: ${(err as Error).message}`);
      return;
    }
    if (round !== this.#round) return;
    const local = this.deps.endpoint.local(transport);
    if (!local) return this.giveUp(`SIP over ${transport} is not listening`);
    const contact = contactUri(this.target, { ...local, address: this.deps.contactHost() || local.address });
    const request = buildRegister(this.target, this.#ids, contact, expires, authorization);
    this.deps.endpoint.request(request, peer, (res, origin) => this.onResponse(round, { expires, contact }, res, origin));
  }

  private onResponse(round: number, sent: { expires: number; contact: string }, res: IncomingResponse, origin: ResponseOrigin): void {
    if (round !== this.#round || res.status < 200) return;
    const challenged = res.status === 401 || res.status === 407;
    if (this.#state === "unregistering") {
      if (!(challenged && this.answer(res, 0))) this.finish();
    } else if (res.status < 300) this.succeeded(res, sent);
    else if (challenged) {
      if (!this.answer(res, sent.expires)) this.failed(this.refusal(res));
    } else if (res.status === 423) this.tooBrief(res, sent.expires);
    else this.failed(describe(res, origin));
  }

  /** Answers a challenge once, or again only when the provider says our nonce was merely stale. */
  private answer(res: IncomingResponse, expires: number): boolean {
    const challenge = chooseChallenge(res.headers.getAll(res.status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate"));
    if (!challenge || (this.target.realm && challenge.realm !== this.target.realm)) return false;
    if (this.#challenges >= 3 || (this.#challenges > 0 && !challenge.stale)) return false;
    this.#challenges++;
    const { username, password } = this.target;
    const value = createAuthorization(challenge, { username, password, method: "REGISTER", uri: registrarUri(this.target) });
    this.attempt(expires, { name: res.status === 401 ? "Authorization" : "Proxy-Authorization", value });
    return true;
  }

  private refusal(res: IncomingResponse): string {
    const challenge = chooseChallenge(res.headers.getAll(res.status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate"));
    if (!challenge) return `${res.status} ${res.reason}: no Digest challenge with MD5 or SHA-256 to answer`;
    if (this.target.realm && challenge.realm !== this.target.realm)
      return `${res.status} ${res.reason}: the provider asked for realm "${challenge.realm}", not "${this.target.realm}"`;
    return `${res.status} ${res.reason}: the provider refused the username or password`;
  }

  /** 423 (§10.3 step 7): ask again with the provider's Min-Expires when it is reasonable. */
  private tooBrief(res: IncomingResponse, expires: number): void {
    const min = Number(res.headers.get("Min-Expires"));
    if (!(Number.isInteger(min) && min > expires && min <= MAX_EXPIRES_S)) {
      this.failed(describe(res, "network"));
      return;
    }
    this.#expires = min;
    this.attempt(min);
  }

  private succeeded(res: IncomingResponse, sent: { expires: number; contact: string }): void {
    const granted = grantedSeconds(res, sent.contact) ?? sent.expires;
    if (granted <= 0) {
      this.failed(`${res.status} ${res.reason}, but the provider granted no time`);
      return;
    }
    this.move("succeeded");
    this.#failures = 0;
    this.#registeredOnce = true;
    const now = this.deps.clock.now();
    this.schedule("refresh", Math.max(granted * 500, 1_000));
    this.deps.report({ state: "registered", at: now, until: now + granted * 1_000 });
  }

  private failed(error: string): void {
    this.move("failed");
    this.#failures++;
    const delay = backoffMs(this.#failures, this.deps.backoff ?? REGISTRATION_BACKOFF);
    this.schedule("retry", delay);
    const at = this.deps.clock.now();
    this.deps.log.warn("sip trunk registration failed", { error, retryInMs: delay });
    this.deps.report({ state: "failing", at, error, retryAt: at + delay });
  }

  /** A failure before anything was sent: retried later, or the end of a de-registration. */
  private giveUp(error: string): void {
    if (this.#state === "unregistering") this.finish();
    else this.failed(error);
  }

  private schedule(event: "refresh" | "retry", ms: number): void {
    this.clearTimer();
    this.#timer = this.deps.clock.setTimeout(() => {
      this.#timer = undefined;
      this.move(event);
      this.attempt(this.#expires);
    }, ms);
  }

  private finish(): void {
    this.clearTimer();
    this.#round++;
    if (this.#state !== "stopped") this.move("stop");
    this.deps.report({ state: "stopped", at: this.deps.clock.now() });
    this.#stopped?.();
  }

  private clearTimer(): void {
    if (this.#timer) this.deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  private move(event: RegistrationEvent): void {
    this.#state = transition(this.#state, event);
  }
}

function describe(res: IncomingResponse, origin: ResponseOrigin): string {
  if (origin === "timeout") return "no answer from the provider (timed out)";
  if (origin === "transport-error") return "could not send to the provider (transport error)";
  return `${res.status} ${res.reason}`;
}
