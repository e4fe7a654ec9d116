import { UdpTransport } from "werift";

let guarded = false;
let errors = 0;

/**
 * Gives every UDP socket werift opens an "error" listener. werift adds none, and under Bun a datagram to a
 * far end that has gone (a reloaded page, a closed browser) comes back as an ECONNREFUSED "error" event,
 * which without a listener is thrown and ends the whole process. The failure stays visible in
 * `weriftSocketErrors()`; ICE consent checks then notice the dead path (RFC 7675).
 */
export function guardWeriftSockets(): void {
  if (guarded) return;
  guarded = true;
  const init = UdpTransport.init.bind(UdpTransport);
  UdpTransport.init = async (...args: Parameters<typeof UdpTransport.init>) => {
    const transport = await init(...args);
    transport.socket.on("error", () => {
      errors++;
    });
    return transport;
  };
}

/** Socket errors swallowed so far, process-wide. */
export function weriftSocketErrors(): number {
  return errors;
}
