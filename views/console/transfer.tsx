import { Csrf } from "../components/form.tsx";

/** A chat (W4) or a call (V4) to hand over: colleagues of my departments of that channel, and its departments. */
export type TransferView = {
  channel: "chat" | "voice";
  interactionId: string;
  agents: { id: string; name: string; state: string }[];
  departments: { id: string; name: string }[];
  /** Calls may also go to an extension or a number typed in (FEATURES V4). */
  byNumber?: boolean;
  error?: string;
};

type Where = { channel: TransferView["channel"]; interactionId: string };
const transferUrl = ({ channel, interactionId }: Where) => `/console/${channel}/${interactionId}/transfer`;
/** The element of the work tab that holds the opener or the form. */
export const transferBoxId = ({ channel, interactionId }: Where) => `${channel}-transfer-${interactionId}`;

/** Opens the transfer form, loaded fresh so the colleagues' states are current. */
export function TransferOpener(where: Where) {
  return (
    <button type="button" class="secondary" hx-get={transferUrl(where)} hx-target={`#${transferBoxId(where)}`} hx-swap="innerHTML">
      Transfer
    </button>
  );
}

/**
 * Transfer to a colleague of my departments (they get a popup to accept or decline) or to a department
 * of the channel (queued again). The server says whether it worked; a refusal comes back as a 409 flash.
 */
export function TransferForm({ view, csrf }: { view: TransferView; csrf: string | null }) {
  const id = view.interactionId;
  const url = transferUrl(view);
  const target = `#${transferBoxId(view)}`;
  const selectId = `${view.channel}-transfer-to-${id}`;
  return (
    <form
      method="post"
      action={url}
      hx-post={url}
      hx-target={target}
      hx-swap="innerHTML"
      class={`transfer-form ${view.channel}-transfer-form`}
    >
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <label for={selectId}>Transfer to</label>{" "}
      <select id={selectId} name="to" required={!view.byNumber} aria-invalid={view.error ? "true" : undefined}>
        <option value="">Choose an agent or a department…</option>
        {view.agents.length ? (
          <optgroup label="Agents">
            {view.agents.map((a) => (
              <option value={`agent:${a.id}`}>{`${a.name} (${a.state})`}</option>
            ))}
          </optgroup>
        ) : null}
        {view.departments.length ? (
          <optgroup label="Departments">
            {view.departments.map((d) => (
              <option value={`queue:${d.id}`}>{d.name}</option>
            ))}
          </optgroup>
        ) : null}
      </select>{" "}
      {view.byNumber ? (
        <>
          <label for={`${selectId}-number`}>or extension / number</label>{" "}
          <input id={`${selectId}-number`} name="number" type="tel" inputmode="tel" autocomplete="off" maxlength={40} size={14} />{" "}
        </>
      ) : null}
      <button type="submit">Transfer</button>{" "}
      <button type="button" class="secondary" hx-get={`${url}?cancel=1`} hx-target={target} hx-swap="innerHTML">
        Cancel
      </button>
      {view.error ? <small class="error">{view.error}</small> : null}
    </form>
  );
}
