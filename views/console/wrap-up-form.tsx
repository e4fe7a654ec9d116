import { Csrf, FormAlert } from "../components/form.tsx";
import type { WrapUpView } from "./console-types.ts";

export const WRAP_UP_NOTES_MAX = 2000;

/** `workId`: the interaction, or the agent's part of one they transferred on. */
type Props = { workId: string; view: WrapUpView; csrf: string | null };

/** The wrap-up form of one interaction (FEATURES C9): disposition and notes, mandatory when the queue says so. */
export function WrapUpForm({ workId, view, csrf }: Props) {
  const action = `/console/work/${workId}/wrap-up`;
  const id = (name: string) => `wu-${workId}-${name}`;
  const errors = view.errors ?? {};
  const values = view.values ?? { disposition: "", notes: "" };
  return (
    <form method="post" action={action} class="wrap-up" hx-post={action} hx-target="this" hx-swap="outerHTML" aria-labelledby={id("h")}>
      <h4 id={id("h")}>Wrap-up</h4>
      <FormAlert message={view.message} />
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <div class={errors.disposition ? "field invalid" : "field"}>
        <label for={id("disposition")}>Disposition{view.mandatory ? <span aria-hidden="true"> *</span> : null}</label>
        <select
          id={id("disposition")}
          name="disposition"
          required={view.mandatory}
          aria-invalid={errors.disposition ? "true" : undefined}
          aria-describedby={errors.disposition ? id("disposition-error") : undefined}
        >
          <option value="">{view.mandatory ? "Choose a disposition" : "No disposition"}</option>
          {view.dispositions.map((d) => (
            <option value={d} selected={d === values.disposition}>
              {d}
            </option>
          ))}
        </select>
        {errors.disposition ? (
          <small id={id("disposition-error")} class="error">
            {errors.disposition}
          </small>
        ) : null}
      </div>
      <div class={errors.notes ? "field invalid" : "field"}>
        <label for={id("notes")}>Notes</label>
        <textarea id={id("notes")} name="notes" rows={3} maxlength={WRAP_UP_NOTES_MAX} aria-invalid={errors.notes ? "true" : undefined}>
          {values.notes}
        </textarea>
        {errors.notes ? <small class="error">{errors.notes}</small> : null}
      </div>
      <button type="submit">Save wrap-up</button>
    </form>
  );
}
