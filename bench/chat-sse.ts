/** A small server-sent events client over fetch for bench/chat.ts (the widget's and the console's streams). */

export type SseEvent = { event: string; data: string };

/** Splits a stream into events as they arrive; resolves when the stream ends or is aborted. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e = parseBlock(block);
        if (e) onEvent(e);
        cut = buffer.indexOf("\n\n");
      }
    }
  } catch {
    // Aborted by the benchmark, or dropped by the server: the caller counts drops.
  }
}

function parseBlock(block: string): SseEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

/** How long a browser waits before it reconnects (the appliance's streams send `retry: 2000`). */
const RETRY_MS = 2000;

/**
 * Keeps a stream open as a browser does: reads it in the background and, when the server ends it, tells
 * `onDrop` and reconnects (to the address `url()` gives then). Resolves once the first connection is open.
 */
export async function keepSse(
  url: () => string,
  headers: Record<string, string>,
  signal: AbortSignal,
  onEvent: (e: SseEvent) => void,
  onDrop: () => void,
): Promise<void> {
  const again = async () => {
    while (!signal.aborted) {
      await Bun.sleep(RETRY_MS);
      try {
        return await openSse(url(), headers, signal, onEvent, ended);
      } catch {
        onDrop();
      }
    }
  };
  const ended = () => {
    if (signal.aborted) return;
    onDrop();
    void again();
  };
  await openSse(url(), headers, signal, onEvent, ended);
}

/** Opens a stream and reads it in the background; resolves with the response once the headers are in. */
export async function openSse(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  onEvent: (e: SseEvent) => void,
  onEnd: () => void,
): Promise<void> {
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal });
  if (res.status !== 200 || !res.body) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  void readSse(res.body, onEvent).then(onEnd);
}
