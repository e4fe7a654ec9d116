import { FieldName } from "../components/field-name.tsx";
import { ActionForm } from "./action-form.tsx";
import type { AttachedData, OffersView, OfferView } from "./console-types.ts";
import { Ticker } from "../components/ticker.tsx";

type Props = { view: OffersView; csrf: string | null };

/**
 * Incoming work (FEATURES C3): one card per ringing offer at the agent's chosen corner, with the
 * notification switches for static/console.js. Rendered for the page and pushed as the `offers` event.
 */
export function OffersPopup({ view, csrf }: Props) {
  return (
    <div class={`offer-stack pos-${view.position}`} data-notify-sound={String(view.sound)} data-notify-desktop={String(view.desktop)}>
      {view.offers.map((o) => (
        <OfferCard offer={o} csrf={csrf} />
      ))}
    </div>
  );
}

function OfferCard({ offer: o, csrf }: { offer: OfferView; csrf: string | null }) {
  const heading = `Incoming ${o.channel}${o.transfer ? " transfer" : ""}`;
  const customer = o.customerName || "Unknown customer";
  return (
    <section
      class="offer"
      aria-labelledby={`offer-${o.id}-h`}
      data-offer-id={o.id}
      data-interaction-id={o.interactionId}
      tabindex={-1}
      data-title={heading}
      data-body={`${customer}${o.queueName ? ` · ${o.queueName}` : ""}`}
    >
      <h2 id={`offer-${o.id}-h`}>{heading}</h2>
      <dl class="facts">
        <dt>Customer</dt>
        <dd>{customer}</dd>
        {o.customerAddress ? (
          <>
            <dt>Contact</dt>
            <dd>{o.customerAddress}</dd>
          </>
        ) : null}
        <dt>Department</dt>
        <dd>{o.queueName ?? "Direct"}</dd>
        <dt>Waiting</dt>
        <dd>
          <Ticker ms={o.waitedMs} />
        </dd>
      </dl>
      <AttachedList data={o.attached} />
      <div class="offer-actions">
        {o.channel === "voice" ? (
          <ActionForm action={`/console/offers/${o.id}/answer`} label="Answer" csrf={csrf} shortcut="Alt+A" />
        ) : (
          <ActionForm action={`/console/offers/${o.id}/accept`} label="Accept" csrf={csrf} shortcut="Alt+A" />
        )}{" "}
        <ActionForm action={`/console/offers/${o.id}/reject`} label="Reject" csrf={csrf} shortcut="Alt+R" variant="secondary" />
      </div>
    </section>
  );
}

/** Attached data (FEATURES A6): long names are cut at 15 characters with the full name on hover. */
export function AttachedList({ data }: { data: AttachedData }) {
  if (!data.length) return null;
  return (
    <dl class="facts attached" aria-label="Attached data">
      {data.map(([name, value]) => (
        <>
          <dt>
            <FieldName name={name} />
          </dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}
