/** TCP clients bound to a chosen loopback source address (127.0.0.0/8), for the connection-cap tests and bench. */
import { connect, type Socket } from "node:net";

export type TcpClient = {
  readonly state: { text: string; closed: boolean };
  write(text: string): void;
  close(): void;
};

/** Connects from `from` (e.g. 127.0.0.42); resolves once connected, or with a closed client if refused. */
export function tcpFrom(port: number, from: string): Promise<TcpClient> {
  const state = { text: "", closed: false };
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: "127.0.0.1", port, localAddress: from });
    const client: TcpClient = { state, write: (text) => void socket.write(text), close: () => void socket.destroy() };
    socket.on("connect", () => resolve(client));
    socket.on("data", (data) => {
      state.text += data.toString("latin1");
    });
    socket.on("close", () => {
      state.closed = true;
      resolve(client);
    });
    socket.on("error", () => {});
  });
}

/** Opens `perAddress` connections from each source address, one address (one batch) at a time. */
export async function openMany(port: number, sources: readonly string[], perAddress: number): Promise<TcpClient[]> {
  const all: TcpClient[] = [];
  for (const from of sources) all.push(...(await Promise.all(Array.from({ length: perAddress }, () => tcpFrom(port, from)))));
  return all;
}
