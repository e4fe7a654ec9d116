import { TooManyRequests, Unavailable } from "../shared/index.ts";

/** Open event streams a visitor token may hold at once; a fourth one closes the oldest (a reload or a new tab wins). */
export const STREAMS_PER_CHAT = 3;
/** Open visitor event streams one client address may hold at once; more are refused with 429. */
export const STREAMS_PER_ADDRESS = 30;
/**
 * Visitor event streams the box holds at once from everyone: twice FEATURES P3's 10,000 sessions, so many
 * addresses together still cannot exhaust file descriptors and memory (each stream is a socket and ~30 kB).
 */
export const STREAMS_IN_ALL = 20_000;

type Seat = { conversationId: string; address: string; close: () => void };

/**
 * Counts the visitor event streams held open (FEATURES Q6): each holds a socket and a subscription, so
 * neither one token nor one address may keep an unbounded number of them.
 */
export class StreamSeats {
  private readonly byChat = new Map<string, Seat[]>();
  private readonly byAddress = new Map<string, number>();
  private held = 0;

  constructor(
    private readonly perChat = STREAMS_PER_CHAT,
    private readonly perAddress = STREAMS_PER_ADDRESS,
    private readonly inAll = STREAMS_IN_ALL,
  ) {}

  /**
   * Seats a new stream, closing the chat's oldest one when it already holds `perChat`; throws
   * TooManyRequests when the address holds `perAddress`, Unavailable when the box holds `inAll`. Returns the release to call when the stream ends.
   */
  take(conversationId: string, address: string, close: () => void): () => void {
    const seats = this.byChat.get(conversationId) ?? [];
    const oldest = seats.length >= this.perChat ? seats[0] : undefined;
    const freed = oldest?.address === address ? 1 : 0;
    if ((this.byAddress.get(address) ?? 0) - freed >= this.perAddress)
      throw new TooManyRequests("Too many chat windows are open from your network. Close some and try again.");
    if (!oldest && this.held >= this.inAll)
      throw new Unavailable("The chat service is at capacity right now. Please try again in a minute.");
    const seat: Seat = { conversationId, address, close };
    seats.push(seat);
    this.byChat.set(conversationId, seats);
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    this.held++;
    if (oldest) {
      this.release(oldest);
      oldest.close();
    }
    return () => this.release(seat);
  }

  private release(seat: Seat): void {
    const seats = this.byChat.get(seat.conversationId);
    const at = seats?.indexOf(seat) ?? -1;
    if (!seats || at < 0) return;
    seats.splice(at, 1);
    this.held--;
    if (!seats.length) this.byChat.delete(seat.conversationId);
    const left = (this.byAddress.get(seat.address) ?? 1) - 1;
    if (left > 0) this.byAddress.set(seat.address, left);
    else this.byAddress.delete(seat.address);
  }
}
