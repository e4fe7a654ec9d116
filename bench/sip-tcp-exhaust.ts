/**
 * Q2/Q6: can idle TCP connections shut SIP over TCP for everyone? The SIP endpoint runs in this process with
 * its default connection caps (2,048 overall, 32 per address) and the trunk's address (127.0.0.200) trusted.
 * Measured:
 *   - 2,100 idle connections from 70 addresses (30 each): how many are held open;
 *   - then the trunk, and a newcomer from another address: is their OPTIONS answered over TCP;
 *   - how many connections the endpoint still holds after 20 s of silence (on the clock);
 *   - a client trickling a header line every 0.5 s without ever ending the message: how long (on the clock)
 *     its connection stays open, up to 120 s.
 * Bounded: every wait has a deadline, and the process exits after 120 s of real time whatever happens.
 * Run (loopback only): unshare -rn sh -c 'ip link set lo up && bun bench/sip-tcp-exhaust.ts'
 */
import { parseArgs } from "node:util";
import { requestText, statusOf, testEndpoint, waitFor } from "../tests/sip/support.ts";
import { openMany, type TcpClient, tcpFrom } from "../tests/sip/tcp-from.ts";

const { values } = parseArgs({
  options: { addresses: { type: "string", default: "70" }, "per-address": { type: "string", default: "30" } },
});
const ADDRESSES = Number(values.addresses);
const PER_ADDRESS = Number(values["per-address"]);
const TRUNK = "127.0.0.200";
setTimeout(() => {
  console.error("bench: gave up after 120 s");
  process.exit(2);
}, 120_000).unref();

let n = 0;
const options = (from: string) => requestText({ via: `SIP/2.0/TCP ${from}:5060;branch=z9hG4bKx${++n}`, callId: `x${n}` });

/** Whether an OPTIONS from `from` gets its 200 over a new TCP connection within 3 s. */
async function answered(port: number, from: string): Promise<boolean> {
  const client = await tcpFrom(port, from);
  if (client.state.closed) return false;
  client.write(options(from));
  try {
    await waitFor(() => statusOf(client.state.text) === 200 || client.state.closed, `an answer to ${from}`);
  } catch {}
  client.close();
  return statusOf(client.state.text) === 200;
}

async function exhaustion() {
  const t = await testEndpoint({ udpPort: null, guard: { trusted: [TRUNK] } });
  const sources = Array.from({ length: ADDRESSES }, (_, i) => `127.0.1.${i + 1}`);
  const started = performance.now();
  const idle: TcpClient[] = await openMany(t.tcpPort, sources, PER_ADDRESS);
  await Bun.sleep(200); // let refusals arrive as closes
  const held = idle.filter((c) => !c.state.closed).length;
  const trunk = await answered(t.tcpPort, TRUNK);
  const newcomer = await answered(t.tcpPort, "127.0.2.1");
  const before = t.endpoint.stats.tcpConnections;
  t.clock.advance(20_000);
  await Bun.sleep(300); // closes reach the clients
  const result = {
    attempted: idle.length,
    held,
    serverConnections: before,
    after20sSilence: t.endpoint.stats.tcpConnections,
    clientsStillOpen: idle.filter((c) => !c.state.closed).length,
    trunkAnswered: trunk,
    newcomerAnswered: newcomer,
    openSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
  for (const c of idle) c.close();
  t.endpoint.close();
  return result;
}

async function trickle() {
  const t = await testEndpoint({ udpPort: null });
  const client = await tcpFrom(t.tcpPort, "127.0.3.1");
  let sent = 0;
  let elapsedMs = 0;
  while (!client.state.closed && elapsedMs < 120_000) {
    const before = t.endpoint.stats.tcpPendingBytes;
    client.write(sent === 0 ? "OPTIONS sip:service@127.0.0.1 SIP/2.0\r\n" : `X-Drip: ${sent}\r\n`);
    sent++;
    await waitFor(() => t.endpoint.stats.tcpPendingBytes > before || client.state.closed, "the server to take the line");
    t.clock.advance(500);
    elapsedMs += 500;
    await Bun.sleep(1);
  }
  const result = { linesSent: sent, openForSeconds: elapsedMs / 1000, cut: client.state.closed };
  client.close();
  t.endpoint.close();
  return result;
}

console.log(JSON.stringify({ exhaustion: await exhaustion(), trickle: await trickle() }));
process.exit(0);
