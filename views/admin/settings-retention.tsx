import type { Errors } from "../components/form.tsx";
import { Field } from "../components/form.tsx";

/** How long chat transcripts and report rows are kept; the nightly purge reads it (FEATURES S4 data lifecycle). */
export function RetentionSection({ values, errors }: { values: Record<string, string>; errors?: Errors }) {
  return (
    <fieldset>
      <legend>Data retention</legend>
      <p class="hint" id="retention-explained">
        Every night from 03:00 (center time), what is older than these limits is deleted for good, and the audit log records how much went.
        0 keeps it for ever. Chat transcripts: the messages and files of chats that began before the limit; the interaction, its disposition
        and rating stay in the history. Report rows: the recorded events the queue and agent reports count, so reports of days before the
        limit show nothing. To remove one customer's data at once, open an interaction in the history and use Forget this customer.
      </p>
      <div class="grid">
        <Field
          name="transcriptDays"
          label="Keep chat transcripts and files (days)"
          type="number"
          value={values.transcriptDays}
          min={0}
          max={3660}
          hint="0 = for ever; at most 3660"
          errors={errors}
        />
        <Field
          name="reportDays"
          label="Keep report rows (days)"
          type="number"
          value={values.reportDays}
          min={0}
          max={3660}
          hint="0 = for ever; at most 3660"
          errors={errors}
        />
      </div>
    </fieldset>
  );
}
