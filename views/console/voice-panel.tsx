import type { CallView } from "../../src/calls/index.ts";
import { Csrf } from "../components/form.tsx";
import { ActionForm } from "./action-form.tsx";
import type { ChannelPanelProps } from "./channel-panels.tsx";
import { TransferOpener, transferBoxId } from "./transfer.tsx";

export const voiceUrl = (interactionId: string) => `/console/voice/${interactionId}`;
/** The push that replaces a call's controls (src/console/voice/live.tsx). */
export const voiceEvent = (interactionId: string) => `voice-${interactionId}`;

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/**
 * The call area of a work tab (FEATURES V2, V4). Its controls load once the tab exists and are then
 * replaced by the `voice-<id>` push whenever the call changes; the audio itself plays in the phone panel.
 */
export function VoicePanel({ item }: ChannelPanelProps) {
  const id = item.id;
  return (
    <div class="voice" data-voice-id={id}>
      <div
        id={`voice-controls-${id}`}
        sse-swap={voiceEvent(id)}
        hx-get={`${voiceUrl(id)}/controls`}
        hx-trigger="load"
        hx-target="this"
        hx-swap="innerHTML"
      >
        <p class="muted">Loading the call…</p>
      </div>
    </div>
  );
}

function statusText(view: CallView): string {
  if (view.state === "ended") return "The call has ended.";
  if (view.state === "queued") return "The caller is waiting in the queue.";
  if (view.state === "dialing") return view.ringing ? "Ringing at the other end…" : "Calling…";
  if (!view.bridged) return "Your phone is not connected: the caller hears music.";
  if (view.transferringTo) return `Calling ${view.transferringTo} for the transfer: the caller hears music.`;
  if (view.state === "held") return view.muted ? "On hold (muted): the caller hears music." : "On hold: the caller hears music.";
  return view.muted ? "Connected, muted: the caller does not hear you." : "Connected.";
}

/** The call's state, read out as it changes, and the buttons that apply to it now. */
export function VoiceControls({ view, csrf }: { view: CallView; csrf: string | null }) {
  const url = voiceUrl(view.interactionId);
  const live = view.state === "connected" || view.state === "held";
  const where = { channel: "voice", interactionId: view.interactionId } as const;
  return (
    <>
      <p class="voice-status" role="status" data-call-state={view.state}>
        {statusText(view)}
      </p>
      {view.state === "dialing" ? (
        <div class="voice-actions">
          <ActionForm action={`${url}/hangup`} label="Hang up" csrf={csrf} shortcut="Alt+H" variant="danger" />
        </div>
      ) : null}
      {live ? (
        <div class="voice-actions">
          <ActionForm action={`${url}/hangup`} label="Hang up" csrf={csrf} shortcut="Alt+H" variant="danger" />{" "}
          {view.muted ? (
            <ActionForm action={`${url}/unmute`} label="Unmute" csrf={csrf} shortcut="Alt+M" />
          ) : (
            <ActionForm action={`${url}/mute`} label="Mute" csrf={csrf} shortcut="Alt+M" variant="secondary" />
          )}{" "}
          {view.state === "held" ? (
            <ActionForm action={`${url}/resume`} label="Resume" csrf={csrf} shortcut="Alt+O" />
          ) : (
            <ActionForm action={`${url}/hold`} label="Hold" csrf={csrf} shortcut="Alt+O" variant="secondary" />
          )}{" "}
          {view.transferable ? (
            <div class="voice-transfer" id={transferBoxId(where)}>
              <TransferOpener {...where} />
            </div>
          ) : null}
        </div>
      ) : null}
      {view.digits.length > 0 ? (
        <p class="voice-digits" aria-live="polite" data-digits={view.digits.join("")}>
          Caller pressed: {view.digits.join(" ")}
        </p>
      ) : null}
      {live && view.keypad ? <Keypad url={`${url}/dtmf`} csrf={csrf} /> : null}
    </>
  );
}

/** Digits to the caller (RFC 4733, or SIP INFO where the caller offered no telephone-events), for menus at the far end: one form, the pressed key is the value sent. */
function Keypad({ url, csrf }: { url: string; csrf: string | null }) {
  return (
    <form method="post" action={url} hx-post={url} hx-swap="none" class="voice-keypad">
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <fieldset>
        <legend>Keypad</legend>
        {KEYS.map((key) => (
          <button type="submit" name="digit" value={key} class="secondary">
            {key}
          </button>
        ))}
      </fieldset>
    </form>
  );
}
