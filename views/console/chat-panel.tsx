import type { ChannelPanelProps } from "./channel-panels.tsx";
import type { ChatFileView, ChatLine } from "./chat-types.ts";

export const chatUrl = (interactionId: string) => `/console/chat/${interactionId}`;

/**
 * The chat area of a work tab (FEATURES W2, C4). The log and the controls load themselves once the tab
 * exists; afterwards the log only grows by the `chat-<id>` push, and static/console-chat.js keeps each
 * message once, in sequence order, whether it came from the load, the send answer, a push or a snapshot.
 */
export function ChatPanel({ item }: ChannelPanelProps) {
  const id = item.id;
  const name = item.customerName || "the customer";
  return (
    <div class="chat" data-chat-id={id} data-typing-url={`${chatUrl(id)}/typing`}>
      {/* The log role sits on a wrapper: on the list itself it would take away the list its items belong to. */}
      <div role="log" aria-label={`Conversation with ${name}`}>
        <ol
          id={`chat-log-${id}`}
          class="chat-log"
          sse-swap={`chat-${id}`}
          hx-get={`${chatUrl(id)}/messages`}
          hx-trigger="load"
          hx-target="this"
          hx-swap="beforeend"
        ></ol>
      </div>
      <p class="chat-typing muted" sse-swap={`chat-typing-${id}`} hx-swap="innerHTML" aria-live="polite"></p>
      <div
        id={`chat-controls-${id}`}
        class="chat-controls"
        sse-swap={`chat-controls-${id}`}
        hx-get={`${chatUrl(id)}/controls`}
        hx-trigger="load"
        hx-target="this"
        hx-swap="innerHTML"
      >
        <p class="muted">Loading the chat…</p>
      </div>
    </div>
  );
}

/** Several messages, appended to the log as they are. */
export function ChatLines({ lines }: { lines: ChatLine[] }) {
  return (
    <>
      {lines.map((line) => (
        <ChatMessageItem line={line} />
      ))}
    </>
  );
}

export function ChatMessageItem({ line }: { line: ChatLine }) {
  const at = new Date(line.at);
  const classes = ["chat-msg", `chat-${line.kind}`, line.mine ? "mine" : ""].filter(Boolean).join(" ");
  return (
    <li class={classes} data-seq={String(line.seq)} data-client-id={line.clientId ?? undefined}>
      {line.kind === "system" ? null : (
        <div class="chat-meta">
          <strong class="who">{line.who}</strong>{" "}
          <time class="muted" datetime={at.toISOString()}>
            {line.time}
          </time>
        </div>
      )}
      {line.body ? <p class="chat-text">{line.body}</p> : null}
      {line.file ? <ChatFile file={line.file} /> : null}
      {line.mine ? <small class="chat-state">Sent</small> : null}
    </li>
  );
}

function ChatFile({ file }: { file: ChatFileView }) {
  const size = file.size >= 1048576 ? `${(file.size / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(file.size / 1024))} KB`;
  return (
    <div class="chat-file">
      {file.previewUrl ? <img class="chat-thumb" src={file.previewUrl} alt={`Image: ${file.name}`} loading="lazy" /> : null}
      {file.downloadUrl ? <a href={file.downloadUrl} download={file.name}>{`Download ${file.name}`}</a> : <span>{file.name}</span>}{" "}
      <small class="muted">
        {file.removed ? "removed: chat files are kept for a limited time" : size}
        {file.downloadUrl || file.removed ? null : " · downloading files needs the Downloads permission"}
      </small>
    </div>
  );
}

/** "<visitor> is typing…", pushed while the visitor types; the page clears it after a few seconds. */
export function TypingIndicator({ name }: { name: string }) {
  return <span>{`${name} is typing…`}</span>;
}
