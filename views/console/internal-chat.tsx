import { Csrf } from "../components/form.tsx";

/** `time` is "09:05" in the center's time zone. */
export type ChatMessage = { id: string; body: string; at: number; time: string; mine: boolean };
type Peer = { id: string; fullName: string };

type ConversationProps = {
  csrf: string;
  peer: Peer;
  messages: ChatMessage[];
  maxLength: number;
  /** What was typed, kept when the message was refused. */
  value?: string;
  error?: string;
};

/**
 * One internal conversation (FEATURES C10): the last messages, oldest first, and the send form.
 * New messages from the peer arrive by the `internal-<peerId>` push and are appended.
 */
export function Conversation({ csrf, peer, messages, maxLength, value, error }: ConversationProps) {
  const url = `/console/internal/${peer.id}`;
  return (
    <section id="internal-conversation" aria-labelledby="internal-conversation-h" data-peer={peer.id}>
      <h3 id="internal-conversation-h">{`Chat with ${peer.fullName}`}</h3>
      <ol
        class="internal-messages"
        aria-label={`Messages with ${peer.fullName}`}
        sse-swap={`internal-${peer.id}`}
        hx-swap="beforeend"
        hx-target="this"
        style="list-style:none;padding:0;max-height:20rem;overflow-y:auto"
      >
        {messages.map((m) => (
          <InternalMessageItem message={m} peerName={peer.fullName} />
        ))}
      </ol>
      <form method="post" action={url} hx-post={url} hx-target="#internal-conversation" hx-swap="outerHTML">
        <Csrf token={csrf} />
        <div class={error ? "field invalid" : "field"}>
          <label for="internal-body">{`Message to ${peer.fullName}`}</label>
          <input
            id="internal-body"
            name="body"
            type="text"
            value={value ?? ""}
            maxlength={maxLength}
            required
            autocomplete="off"
            autofocus
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "internal-body-error" : undefined}
          />
          {error ? (
            <small id="internal-body-error" class="error">
              {error}
            </small>
          ) : null}
        </div>
        <button type="submit">Send</button>
      </form>
    </section>
  );
}

type ItemProps = {
  message: ChatMessage;
  peerName: string;
  /** Set when the message is pushed into an open conversation: showing it there marks it read. */
  markReadUrl?: string;
};

/** One message: the same fragment in the conversation and in the push to the receiver. */
export function InternalMessageItem({ message: m, peerName, markReadUrl }: ItemProps) {
  const at = new Date(m.at);
  const readTrigger = markReadUrl ? { "hx-post": markReadUrl, "hx-trigger": "load", "hx-swap": "none" } : {};
  return (
    <li id={`internal-message-${m.id}`} class={m.mine ? "internal-message mine" : "internal-message theirs"} {...readTrigger}>
      <strong>{m.mine ? "You" : peerName}</strong>{" "}
      <time class="muted" datetime={at.toISOString()}>
        {m.time}
      </time>
      <p style="white-space:pre-wrap;margin:0 0 0.5rem">{m.body}</p>
    </li>
  );
}
