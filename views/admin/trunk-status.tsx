import type { TrunkStatus } from "../../src/trunk/index.ts";

function describe(s: TrunkStatus, at: (ms: number) => string): { badge: string; tone: "ok" | "danger" | ""; text: string } {
  const when = (ms: number | null) => (ms === null ? "" : at(ms));
  switch (s.state) {
    case "not_configured":
      return { badge: "Not configured", tone: "", text: "Enter the provider below to connect the trunk." };
    case "disabled":
      return { badge: "Switched off", tone: "", text: "The trunk is saved but not in use: tick “Trunk enabled” to use it." };
    case "ip":
      return { badge: "IP-based authentication", tone: "ok", text: `No registration needed. Calls are accepted from ${s.detail}.` };
    case "sip_off":
      return { badge: "Not registered", tone: "danger", text: "The SIP service has not reported a registration yet." };
    case "registering":
      return { badge: "Registering", tone: "", text: `Registering with the provider since ${when(s.at)}.` };
    case "registered":
      return { badge: "Registered", tone: "ok", text: `Registered at ${when(s.at)}; renewed before ${when(s.until)}.` };
    case "stopped":
      return { badge: "Not registered", tone: "danger", text: `The appliance stopped at ${when(s.at)}.` };
    case "failing": {
      const retry = s.until === null ? "" : ` Next attempt at ${when(s.until)}.`;
      return { badge: "Registration failing", tone: "danger", text: `Last error at ${when(s.at)}: ${s.detail}.${retry}` };
    }
  }
}

/** The live trunk status; it reloads itself every 5 seconds. */
/** `at` writes a moment as the center reads it (its time zone). */
export function TrunkStatusCard({ status, at }: { status: TrunkStatus; at: (ms: number) => string }) {
  const d = describe(status, at);
  return (
    <section
      class="card"
      id="trunk-status"
      aria-labelledby="trunk-status-h"
      hx-get="/admin/trunk/status"
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <h2 id="trunk-status-h">Status</h2>
      <p role="status">
        <span class={`badge ${d.tone}`} data-state={status.state}>
          {d.badge}
        </span>{" "}
        {d.text}
      </p>
    </section>
  );
}
