import type { IncomingRequest } from "../message.ts";
import type { InviteClientTransaction } from "./invite-client.ts";
import { InviteServerTransaction } from "./invite-server.ts";
import { inviteKey } from "./keys.ts";
import type { NonInviteClientTransaction } from "./non-invite-client.ts";
import type { NonInviteServerTransaction } from "./non-invite-server.ts";
import type { TransactionView } from "./transaction.ts";

export type AnyServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type AnyClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/** The transactions in progress, filed by their RFC 3261 keys; each leaves when it terminates. */
export class TransactionTable {
  readonly #server = new Map<string, AnyServerTransaction>();
  readonly #client = new Map<string, AnyClientTransaction>();
  /** INVITE server transactions by Call-ID, CSeq number and From tag, for the ACK of a 2xx. */
  readonly #invites = new Map<string, InviteServerTransaction>();

  get serverCount(): number {
    return this.#server.size;
  }

  get clientCount(): number {
    return this.#client.size;
  }

  addServer(tx: AnyServerTransaction): void {
    if (tx.terminated) return;
    this.#server.set(tx.key, tx);
    if (tx instanceof InviteServerTransaction) this.#invites.set(inviteKey(tx.request), tx);
  }

  addClient(tx: AnyClientTransaction): void {
    if (!tx.terminated) this.#client.set(tx.key, tx);
  }

  server(key: string): AnyServerTransaction | undefined {
    return this.#server.get(key);
  }

  client(key: string | undefined): AnyClientTransaction | undefined {
    return key === undefined ? undefined : this.#client.get(key);
  }

  /** The INVITE server transaction an ACK with a branch of its own (the ACK of a 2xx) belongs to. */
  inviteFor(ack: IncomingRequest): InviteServerTransaction | undefined {
    return this.#invites.get(inviteKey(ack));
  }

  remove(tx: TransactionView): void {
    for (const map of [this.#server, this.#client] as Array<Map<string, TransactionView>>) if (map.get(tx.key) === tx) map.delete(tx.key);
    if (tx instanceof InviteServerTransaction) {
      const key = inviteKey(tx.request);
      if (this.#invites.get(key) === tx) this.#invites.delete(key);
    }
  }

  /** Every transaction still running, e.g. to stop their timers when the endpoint closes. */
  all(): Array<AnyServerTransaction | AnyClientTransaction> {
    return [...this.#server.values(), ...this.#client.values()];
  }
}
