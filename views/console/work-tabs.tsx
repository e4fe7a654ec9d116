import { ActionForm } from "./action-form.tsx";
import { ChannelArea } from "./channel-panels.tsx";
import type { WorkItemView } from "./console-types.ts";
import { AttachedList } from "./offers-popup.tsx";
import { Ticker } from "../components/ticker.tsx";
import { SalesforceShell } from "./salesforce.tsx";
import { WrapUpForm } from "./wrap-up-form.tsx";

type Props = { items: WorkItemView[]; csrf: string | null };

/**
 * One tab per open interaction (FEATURES C4) with its wrap-up form (C9). Rendered for the page and
 * pushed as the `work` event; static/console.js merges a push panel by panel, keeping the parts
 * whose `data-rev` did not change, so switching and updates keep each tab's state.
 */
export function WorkTabs({ items, csrf }: Props) {
  return (
    <>
      <div role="tablist" aria-label="Open interactions" class="work-tabs">
        {items.map((item, n) => (
          <button
            type="button"
            role="tab"
            id={`tab-${item.id}`}
            aria-controls={`panel-${item.id}`}
            aria-selected={n === 0 ? "true" : "false"}
            tabindex={n === 0 ? 0 : -1}
            data-work-id={item.id}
          >
            {item.customerName || "Unknown customer"} <span class="badge">{item.channel}</span>
            {item.status === "wrap_up" ? <span class="badge">wrap-up</span> : null}
          </button>
        ))}
      </div>
      <p class="muted work-empty" hidden={items.length > 0}>
        No open interactions.
      </p>
      <div class="work-panels">
        {items.map((item, n) => (
          <WorkPanel item={item} csrf={csrf} selected={n === 0} />
        ))}
      </div>
    </>
  );
}

function WorkPanel({ item, csrf, selected }: { item: WorkItemView; csrf: string | null; selected: boolean }) {
  return (
    <section role="tabpanel" id={`panel-${item.id}`} aria-labelledby={`tab-${item.id}`} hidden={!selected} data-work-id={item.id}>
      <div data-part="summary" data-rev={item.rev}>
        <WorkSummary item={item} csrf={csrf} />
      </div>
      <div data-part="channel" data-rev={item.id}>
        {item.handedTo ? (
          <p class="muted">{`Transferred to ${item.handedTo}. The wrap-up here is for your part of it.`}</p>
        ) : (
          <ChannelArea item={item} csrf={csrf} />
        )}
      </div>
      {item.salesforce ? (
        // Kept as it is across pushes (same data-rev): the lookup loads once per tab.
        <div data-part="salesforce" data-rev={item.id}>
          <SalesforceShell workId={item.id} />
        </div>
      ) : null}
    </section>
  );
}

function WorkSummary({ item, csrf }: { item: WorkItemView; csrf: string | null }) {
  return (
    <>
      <h3>{item.customerName || "Unknown customer"}</h3>
      <dl class="facts">
        {item.customerAddress ? (
          <>
            <dt>Contact</dt>
            <dd>{item.customerAddress}</dd>
          </>
        ) : null}
        <dt>Channel</dt>
        <dd>{item.channel}</dd>
        <dt>Department</dt>
        <dd>{item.queueName ?? "Direct"}</dd>
        <dt>{item.handedTo ? "Transferred" : item.status === "wrap_up" ? "Ended" : "Open for"}</dt>
        <dd>
          <Ticker ms={item.sinceMs} />
          {item.status === "wrap_up" ? " ago" : null}
        </dd>
      </dl>
      <AttachedList data={item.attached} />
      {item.transferRinging ? <p class="muted">A transfer is ringing…</p> : null}
      {item.status === "active" ? (
        <ActionForm action={`/console/work/${item.id}/end`} label="End session" csrf={csrf} shortcut="Alt+E" variant="danger" />
      ) : null}
      {item.wrapUp ? <WrapUpForm workId={item.id} view={item.wrapUp} csrf={csrf} /> : null}
    </>
  );
}
