import { Csrf } from "../components/form.tsx";
import { chatUrl } from "./chat-panel.tsx";
import type { ChatControlsView, ComposerView, TranscriptView, UploadView } from "./chat-types.ts";
import { TransferOpener, transferBoxId } from "./transfer.tsx";

type Props = { view: ChatControlsView; csrf: string | null };

/** Under the log: the composer, files, transfer and transcript while the chat is on; the transcript after it. */
export function ChatControls({ view, csrf }: Props) {
  if (!view.open)
    return (
      <>
        <p class="chat-ended" role="status">
          The chat has ended.
        </p>
        <TranscriptForm view={view.transcript} csrf={csrf} />
      </>
    );
  return (
    <>
      <Composer view={view.composer} csrf={csrf} />
      <UploadForm view={view.upload} csrf={csrf} />
      <div class="chat-tools">
        <div class="chat-transfer" id={transferBoxId({ channel: "chat", interactionId: view.composer.interactionId })}>
          <TransferOpener channel="chat" interactionId={view.composer.interactionId} />
        </div>
        <TranscriptForm view={view.transcript} csrf={csrf} />
      </div>
    </>
  );
}

/**
 * The message box (W2, A5). Enter sends, Shift+Enter starts a new line, `/shortcut` expands a predefined
 * message (static/console-chat.js). The answer is the stored message, appended to the log.
 */
export function Composer({ view, csrf }: { view: ComposerView; csrf: string | null }) {
  const id = view.interactionId;
  const url = `${chatUrl(id)}/messages`;
  const errorId = `chat-body-error-${id}`;
  return (
    <form
      id={`chat-compose-${id}`}
      class="chat-compose"
      method="post"
      action={url}
      hx-post={url}
      hx-target={`#chat-log-${id}`}
      hx-swap="beforeend"
    >
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <input type="hidden" name="clientId" value={view.clientId} />
      <div class={view.error ? "field invalid" : "field"}>
        <label for={`chat-body-${id}`}>{`Message to ${view.visitorName}`}</label>
        <textarea
          id={`chat-body-${id}`}
          name="body"
          rows={3}
          maxlength={view.maxLength}
          data-chat-body=""
          aria-invalid={view.error ? "true" : undefined}
          aria-describedby={view.error ? errorId : `chat-hint-${id}`}
        >
          {view.value ?? ""}
        </textarea>
        {view.error ? (
          <small id={errorId} class="error">
            {view.error}
          </small>
        ) : (
          <small id={`chat-hint-${id}`} class="hint">
            Enter sends, Shift+Enter starts a new line, /shortcut then Tab inserts a predefined message.
          </small>
        )}
      </div>
      <div class="chat-compose-actions">
        <PredefinedPicker view={view} />
        <button type="submit">Send</button>
      </div>
    </form>
  );
}

/**
 * Choose a title, then Insert puts its text into the message box (a separate button, so moving through
 * the list with the arrow keys inserts nothing). The options also carry the shortcuts.
 */
function PredefinedPicker({ view }: { view: ComposerView }) {
  if (!view.predefined.length) return null;
  const id = `chat-predefined-${view.interactionId}`;
  return (
    <span class="chat-predefined">
      <label for={id}>Predefined message</label>
      <select id={id} data-chat-predefined="">
        <option value="">Choose one to insert…</option>
        {view.predefined.map((p) => (
          <option value={p.id} data-shortcut={p.shortcut} data-body={p.body}>
            {`${p.title} (/${p.shortcut})`}
          </option>
        ))}
      </select>{" "}
      <button type="button" class="secondary" data-chat-insert="">
        Insert
      </button>
    </span>
  );
}

/** A file for the visitor: sent as soon as it is chosen; the server checks its content (W2). */
export function UploadForm({ view, csrf }: { view: UploadView; csrf: string | null }) {
  const id = view.interactionId;
  const url = `${chatUrl(id)}/files`;
  return (
    <form
      id={`chat-upload-${id}`}
      class="chat-upload"
      method="post"
      action={url}
      enctype="multipart/form-data"
      hx-post={url}
      hx-encoding="multipart/form-data"
      hx-trigger="change, submit"
      hx-target={`#chat-log-${id}`}
      hx-swap="beforeend"
    >
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <input type="hidden" name="clientId" value={view.clientId} />
      <label for={`chat-file-${id}`}>Attach a file</label>{" "}
      <input id={`chat-file-${id}`} type="file" name="file" accept={view.accept} required />{" "}
      <button type="submit" class="secondary">
        Send file
      </button>
      {view.error ? (
        <small class="error" role="alert">
          {view.error}
        </small>
      ) : null}
    </form>
  );
}

/** Mails the transcript (W3) to the customer's address or another one; queued in the outbox. */
export function TranscriptForm({ view, csrf }: { view: TranscriptView; csrf: string | null }) {
  const id = view.interactionId;
  const url = `${chatUrl(id)}/transcript`;
  return (
    <form class="chat-transcript" method="post" action={url} hx-post={url} hx-target="this" hx-swap="outerHTML">
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <label for={`chat-transcript-${id}`}>Email the transcript to</label>{" "}
      <input
        id={`chat-transcript-${id}`}
        type="email"
        name="email"
        value={view.email}
        maxlength={254}
        required
        aria-invalid={view.error ? "true" : undefined}
      />{" "}
      <button type="submit" class="secondary">
        Email transcript
      </button>
      {view.error ? <small class="error">{view.error}</small> : null}
      {view.sentTo ? <small role="status" class="chat-sent">{`Transcript sent to ${view.sentTo}.`}</small> : null}
    </form>
  );
}
