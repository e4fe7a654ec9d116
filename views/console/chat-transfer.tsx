import { Csrf } from "../components/form.tsx";
import { chatUrl } from "./chat-panel.tsx";
import type { TransferView } from "./chat-types.ts";

/**
 * Opens the transfer form, loaded fresh so the colleagues' states are current (W4). While a transfer
 * rings, the tab's summary says so; the outcome comes as a message ("Transfer successful" or why not).
 */
export function TransferOpener({ interactionId }: { interactionId: string }) {
  const url = `${chatUrl(interactionId)}/transfer`;
  return (
    <button type="button" class="secondary" hx-get={url} hx-target={`#chat-transfer-${interactionId}`} hx-swap="innerHTML">
      Transfer
    </button>
  );
}

/**
 * Transfer to a colleague of my departments (they get a popup to accept or decline) or to a chat
 * department (queued again). The server says whether it worked; a decline comes later as a message.
 */
export function TransferForm({ view, csrf }: { view: TransferView; csrf: string | null }) {
  const id = view.interactionId;
  const url = `${chatUrl(id)}/transfer`;
  const target = `#chat-transfer-${id}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target={target} hx-swap="innerHTML" class="chat-transfer-form">
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <label for={`chat-transfer-to-${id}`}>Transfer to</label>{" "}
      <select id={`chat-transfer-to-${id}`} name="to" required aria-invalid={view.error ? "true" : undefined}>
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
      <button type="submit">Transfer</button>{" "}
      <button type="button" class="secondary" hx-get={`${url}?cancel=1`} hx-target={target} hx-swap="innerHTML">
        Cancel
      </button>
      {view.error ? <small class="error">{view.error}</small> : null}
    </form>
  );
}
