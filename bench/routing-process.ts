/** bench/routing-server.ts as a child process, and its IPC control channel (one request at a time). */
import type { Subprocess } from "bun";
import { cleanEnv, REPO } from "../tests/process-helpers.ts";
import { type FromServer, preciseNow, type ToServer } from "./routing-protocol.ts";

const START_MS = 20_000;
const ANSWER_MS = 60_000;

export class RoutingServer {
  private waiting: ((m: FromServer) => void) | null = null;
  private output = "";
  private readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The server's clock minus ours, estimated from the quickest of several round trips. */
  offset = 0;

  /** bunFlags go to bun itself (e.g. --cpu-prof-md), args to the appliance. */
  constructor(args: string[], bunFlags: string[] = []) {
    this.proc = Bun.spawn(["bun", ...bunFlags, "bench/routing-server.ts", ...args], {
      cwd: REPO,
      env: cleanEnv(),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      serialization: "json",
      ipc: (m) => this.waiting?.(m as FromServer),
    });
    for (const stream of [this.proc.stdout, this.proc.stderr]) void this.keep(stream);
  }

  get pid(): number {
    return this.proc.pid;
  }

  async ready(): Promise<void> {
    const m = await this.next(START_MS);
    if (m.type !== "ready") throw new Error(`unexpected ${m.type}`);
    for (let n = 0, best = Number.POSITIVE_INFINITY; n < 20; n++) {
      const sent = preciseNow();
      const answer = await this.request({ type: "clock" });
      const back = preciseNow();
      if (answer.type === "clock" && back - sent < best) {
        best = back - sent;
        this.offset = answer.t - (sent + back) / 2;
      }
    }
  }

  request(m: ToServer): Promise<FromServer> {
    const answer = this.next(ANSWER_MS);
    this.proc.send(m);
    return answer;
  }

  async stop(): Promise<void> {
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5_000);
    await this.proc.exited;
    clearTimeout(timer);
  }

  private next(ms: number): Promise<FromServer> {
    const { promise, resolve, reject } = Promise.withResolvers<FromServer>();
    const timer = setTimeout(() => reject(new Error(`no answer from the appliance within ${ms} ms:\n${this.output}`)), ms);
    void this.proc.exited.then((code) => reject(new Error(`the appliance exited with ${code}:\n${this.output}`)));
    this.waiting = (m) => {
      clearTimeout(timer);
      this.waiting = null;
      resolve(m);
    };
    return promise;
  }

  private async keep(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) this.output += decoder.decode(chunk, { stream: true });
  }
}
