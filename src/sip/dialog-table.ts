import type { IncomingRequest } from "./message.ts";
import type { RequestHandler } from "./method-routes.ts";
import type { ServerTransaction } from "./transactions/server-transaction.ts";

/** A dialog as RFC 3261 §12 names it, from our side: Call-ID, our tag and the far end's tag. */
export type DialogId = { readonly callId: string; readonly localTag: string; readonly remoteTag: string };

/** The requests a dialog's owner takes, by method (BYE, re-INVITE, INFO…); its other methods go to the method routes. */
export type DialogOwner = Readonly<Partial<Record<string, RequestHandler>>>;

/** Methods that exist only within a dialog: naming none of ours, they get 481 (RFC 3261 §12.2.2, RFC 6086). */
const DIALOG_ONLY = new Set(["BYE", "INFO", "UPDATE", "PRACK"]);

type Entry = { remoteTag: string; readonly owner: DialogOwner };

/**
 * The dialogs this element holds and who owns each: an owner adds its dialog when it answers or dials a call
 * and removes it when the call ends; requests within the dialog (To tag ours, From tag theirs) go to it.
 * ACK and CANCEL never come here: the transaction layer takes them.
 */
export class DialogTable {
  readonly #entries = new Map<string, Entry>();

  /**
   * Adds a dialog; a call we dial has no remote tag until the far end answers, and takes no requests until
   * `confirm`. Returns the function that removes it. One owner a dialog: a second `add` throws.
   */
  add(id: DialogId, owner: DialogOwner): () => void {
    const key = keyOf(id.callId, id.localTag);
    if (this.#entries.has(key)) throw new Error(`the dialog ${id.callId} already has an owner`);
    const entry: Entry = { remoteTag: id.remoteTag, owner };
    this.#entries.set(key, entry);
    return () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
  }

  /** The far end's 2xx to our INVITE named its tag (§12.1.2): requests with it are the owner's from now on. */
  confirm(id: DialogId): void {
    const entry = this.#entries.get(keyOf(id.callId, id.localTag));
    if (entry) entry.remoteTag = id.remoteTag;
  }

  remove(id: DialogId): void {
    this.#entries.delete(keyOf(id.callId, id.localTag));
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Hands a request within a held dialog to its owner, or answers 481 to a dialog-only method naming no dialog
   * of ours. False when the request is for the method routes: outside any dialog, or a method the owner leaves.
   */
  route(request: IncomingRequest, tx: ServerTransaction): boolean {
    const entry = this.#entries.get(keyOf(request.callId, request.to.params.get("tag") ?? ""));
    const inDialog = entry !== undefined && entry.remoteTag !== "" && entry.remoteTag === request.from.params.get("tag");
    const handler = inDialog ? entry.owner[request.method] : undefined;
    if (handler) handler(request, tx);
    else if (DIALOG_ONLY.has(request.method)) tx.respond(481);
    else return false;
    return true;
  }
}

function keyOf(callId: string, localTag: string): string {
  return `${localTag}\n${callId}`;
}
