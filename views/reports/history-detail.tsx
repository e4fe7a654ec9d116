import type { HistoryDetail } from "../../src/reports/index.ts";
import { Csrf, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

export type HistoryDetailProps = Frame & {
  detail: HistoryDetail;
  /** Times as the center lives them ("2026-12-07 09:00:07"). */
  time: (ms: number) => string;
  zone: string;
  /** Files are links for whoever may download them (A1); others see the name only. */
  canDownload: boolean;
  /** Admins only: the link to Forget this customer. */
  canForget: boolean;
  notice?: string | null;
};

/** One interaction's history page (FEATURES S4): timeline, transcript with files, attached data, wrap-up, rating. */
export function HistoryDetailPage(p: HistoryDetailProps) {
  const d = p.detail;
  const who = d.customerName || d.customerAddress || "Unknown customer";
  return (
    <Page title={`Interaction with ${who}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <p>
        <a href="/history">Back to the history</a>
      </p>
      <h1>Interaction with {who}</h1>
      <FormNotice message={p.notice} />
      <dl class="facts" aria-label="Summary">
        <dt>Started</dt>
        <dd>
          {p.time(d.createdAt)} ({p.zone})
        </dd>
        <dt>Customer</dt>
        <dd>{d.customerName || "—"}</dd>
        <dt>Number or email</dt>
        <dd>{d.customerAddress || "—"}</dd>
        {d.subject ? (
          <>
            <dt>Subject</dt>
            <dd>{d.subject}</dd>
          </>
        ) : null}
        <dt>Channel</dt>
        <dd>
          {d.channel} ({d.direction})
        </dd>
        <dt>Department</dt>
        <dd>{d.queueName ?? "—"}</dd>
        <dt>Agent</dt>
        <dd>{d.agentName ?? "—"}</dd>
        <dt>Outcome</dt>
        <dd>{d.outcome}</dd>
      </dl>
      <section class="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <ol class="timeline">
          {d.timeline.map((e) => (
            <li>
              <time>{p.time(e.at)}</time> {e.what}
            </li>
          ))}
        </ol>
      </section>
      <WrapUp {...p} />
      {d.attachedData.length ? (
        <section class="card" aria-labelledby="attached-h">
          <h2 id="attached-h">Attached data</h2>
          <dl class="facts">
            {d.attachedData.map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : null}
      {d.conversation ? <Transcript {...p} conversation={d.conversation} /> : null}
      {p.canForget ? (
        <section class="card danger" aria-labelledby="forget-h">
          <h2 id="forget-h">Forget this customer</h2>
          <p>
            On the customer's request, removes their name, number, email, attached data, chat transcripts and files from every interaction
            with them. Report counts stay.
          </p>
          <a class="button danger" href={`/history/${d.id}/forget`}>
            Forget this customer…
          </a>
        </section>
      ) : null}
    </Page>
  );
}

function WrapUp(p: HistoryDetailProps) {
  const d = p.detail;
  return (
    <section class="card" aria-labelledby="wrapup-h">
      <h2 id="wrapup-h">Wrap-up</h2>
      <dl class="facts">
        <dt>Disposition</dt>
        <dd>{d.disposition || "—"}</dd>
        <dt>Notes</dt>
        <dd class="pre">{d.notes || "—"}</dd>
      </dl>
      {d.parts.map((part) => (
        <p>
          Before the transfer, {part.agentName} handed it to {part.handedTo} at {p.time(part.handedAt)}:{" "}
          {part.disposition || "no disposition"}
          {part.notes ? ` — ${part.notes}` : ""}
        </p>
      ))}
    </section>
  );
}

function Transcript(p: HistoryDetailProps & { conversation: NonNullable<HistoryDetail["conversation"]> }) {
  const c = p.conversation;
  return (
    <section class="card" aria-labelledby="transcript-h">
      <h2 id="transcript-h">Chat transcript</h2>
      <p>
        Rating: {c.rating === null ? "not rated" : `${c.rating} of 5`}
        {c.comment ? (
          <>
            {" "}
            — comment: <q>{c.comment}</q>
          </>
        ) : null}
      </p>
      {c.transcript.length === 0 ? <p class="muted">No messages are kept for this chat.</p> : null}
      <ol class="transcript">
        {c.transcript.map((m) => (
          <li>
            <time>{p.time(m.at)}</time> <strong>{m.who}:</strong> <span class="pre">{m.body}</span>
            {m.file ? (
              <>
                {" "}
                {m.file.removed ? (
                  <span class="muted">[{m.file.name}: removed after its retention]</span>
                ) : p.canDownload ? (
                  <a href={`/history/${p.detail.id}/files/${m.file.id}`}>{m.file.name}</a>
                ) : (
                  <span>[{m.file.name}]</span>
                )}
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Asks before forgetting: says what goes and what stays; works without script and with the keyboard. */
export function ForgetConfirmPage(p: Frame & { id: string; who: string; count: number }) {
  return (
    <Page title="Forget this customer" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Forget {p.who}?</h1>
        <p>
          This removes the customer's name, number, email, attached data, wrap-up notes, chat transcripts, files and rating comments from{" "}
          {p.count === 1 ? "this interaction" : `${p.count} interactions with the same number or email`}. The interactions stay, without
          them, so report counts do not change. The audit log records that it was done, not what was removed.
        </p>
        <p>This cannot be undone.</p>
        <form method="post" action={`/history/${p.id}/forget`} class="inline">
          <Csrf token={p.csrf} />
          <button type="submit" class="danger">
            Forget this customer
          </button>
        </form>{" "}
        <a class="button secondary" href={`/history/${p.id}`}>
          Cancel
        </a>
      </section>
    </Page>
  );
}
