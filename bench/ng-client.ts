/**
 * A client for rtpengine's ng control protocol (bench/p2-rtpengine.ts): each request is `<cookie> <bencoded
 * dictionary>` in one UDP datagram, and the reply carries the same cookie. Strings come back decoded as UTF-8.
 */
import type { udp } from "bun";

export type Bencodable = string | number | Bencodable[] | { [key: string]: Bencodable };
export type NgReply = { [key: string]: unknown; result: string };

const text = new TextEncoder();
const utf8 = new TextDecoder();

export function bencode(value: Bencodable): string {
  if (typeof value === "number") return `i${Math.trunc(value)}e`;
  if (typeof value === "string") return `${text.encode(value).length}:${value}`;
  if (Array.isArray(value)) return `l${value.map(bencode).join("")}e`;
  const keys = Object.keys(value).sort();
  return `d${keys.map((k) => bencode(k) + bencode(value[k] as Bencodable)).join("")}e`;
}

/** Decodes one value at `at`; returns it and where the next one starts. */
export function bdecode(bytes: Uint8Array, at = 0): [unknown, number] {
  const c = String.fromCharCode(bytes[at] as number);
  if (c === "i") {
    const end = bytes.indexOf(0x65, at);
    return [Number(utf8.decode(bytes.subarray(at + 1, end))), end + 1];
  }
  if (c === "l" || c === "d") {
    const items: unknown[] = [];
    let i = at + 1;
    while (bytes[i] !== 0x65) {
      if (i >= bytes.length) throw new Error("bencode: unterminated list or dictionary");
      const [item, next] = bdecode(bytes, i);
      items.push(item);
      i = next;
    }
    if (c === "l") return [items, i + 1];
    const dict: Record<string, unknown> = {};
    for (let k = 0; k < items.length; k += 2) dict[String(items[k])] = items[k + 1];
    return [dict, i + 1];
  }
  const colon = bytes.indexOf(0x3a, at);
  const length = Number(utf8.decode(bytes.subarray(at, colon)));
  if (!Number.isInteger(length) || colon < 0) throw new Error(`bencode: bad string at ${at}`);
  return [utf8.decode(bytes.subarray(colon + 1, colon + 1 + length)), colon + 1 + length];
}

export class NgClient {
  readonly #pending = new Map<string, (reply: NgReply) => void>();
  #counter = 0;

  private constructor(
    private readonly socket: udp.Socket<"uint8array">,
    private readonly port: number,
  ) {}

  static async open(port: number): Promise<NgClient> {
    let self: NgClient | null = null;
    const socket = await Bun.udpSocket({
      hostname: "127.0.0.1",
      binaryType: "uint8array",
      socket: { data: (_s, data) => self?.reply(data), error: () => {} },
    });
    self = new NgClient(socket, port);
    return self;
  }

  /** One command; rejects on a result other than "ok" (or "pong") or after `timeoutMs`. */
  request(command: Record<string, Bencodable>, timeoutMs = 5_000): Promise<NgReply> {
    const cookie = `${process.pid}_${++this.#counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(cookie);
        reject(new Error(`rtpengine did not answer ${command.command} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(cookie, (reply) => {
        clearTimeout(timer);
        if (reply.result === "ok" || reply.result === "pong") resolve(reply);
        else reject(new Error(`rtpengine ${command.command}: ${reply.result} ${reply["error-reason"] ?? ""}`));
      });
      this.socket.send(`${cookie} ${bencode(command)}`, this.port, "127.0.0.1");
    });
  }

  close(): void {
    this.socket.close();
  }

  private reply(data: Uint8Array): void {
    const space = data.indexOf(0x20);
    const resolve = this.#pending.get(utf8.decode(data.subarray(0, space)));
    if (!resolve) return;
    this.#pending.delete(utf8.decode(data.subarray(0, space)));
    resolve(bdecode(data, space + 1)[0] as NgReply);
  }
}
