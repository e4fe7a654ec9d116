import { ActionForm } from "./action-form.tsx";
import { Ticker } from "../components/ticker.tsx";

export type RecentCall = {
  id: string;
  /** Empty when only the number is known. */
  name: string;
  /** Masked when the agent's profile says so. */
  address: string;
  direction: string;
  /** How long ago it started. */
  agoMs: number;
  /** When it started: "09:05" in the center's time zone. */
  time: string;
  /** Why it did not connect, or empty. */
  outcome: string;
  callable: boolean;
};

/** The push that replaces the list (src/console/stream/live.ts). */
export const RECENT_CALLS_EVENT = "recent-calls";

/** The agent's last calls, each with Call back (click-to-dial: the server knows the number, masked or not). */
export function RecentCalls({ calls, csrf }: { calls: RecentCall[]; csrf: string | null }) {
  if (!calls.length) return <p class="muted">No calls yet.</p>;
  return (
    <ul class="recent-calls">
      {calls.map((c) => (
        <li data-call-id={c.id}>
          <span>
            {c.direction} at {c.time} (<Ticker ms={c.agoMs} /> ago): {c.name ? `${c.name} ` : ""}
            <span class="muted">{c.address}</span>
            {c.outcome ? <small class="muted"> ({c.outcome})</small> : null}
          </span>{" "}
          {c.callable ? <ActionForm action={`/console/voice/${c.id}/call-back`} label="Call back" csrf={csrf} variant="secondary" /> : null}
        </li>
      ))}
    </ul>
  );
}
