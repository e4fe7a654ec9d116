import { Checkbox, type Errors, Select, TextArea } from "../components/form.tsx";
import { FieldName } from "../components/field-name.tsx";

type Section = { values: Record<string, string>; errors?: Errors };

/** Widget origins, Not Ready reasons and wrap-up dispositions: one per line. */
export function ListsSection({ values: v, errors }: Section) {
  return (
    <fieldset>
      <legend>Lists</legend>
      <div class="grid">
        <TextArea
          name="widgetOrigins"
          label="Widget allowed origins"
          value={v.widgetOrigins}
          rows={4}
          hint="One per line, e.g. https://www.example.com; http:// only for localhost, loopback and private addresses (testing); no path"
          errors={errors}
        />
        <TextArea
          name="notReadyReasons"
          label="Not Ready reasons"
          value={v.notReadyReasons}
          rows={4}
          hint="One per line; 1 to 20, each up to 40 characters"
          errors={errors}
        />
        <TextArea
          name="dispositions"
          label="Wrap-up dispositions"
          value={v.dispositions}
          rows={4}
          hint="One per line; 1 to 20, each up to 40 characters"
          errors={errors}
        />
      </div>
    </fieldset>
  );
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];
const TREATMENTS = [
  ["offline-form", "Offer the offline message form"],
  ["announcement", "Play the closed announcement"],
  ["hangup", "Hang up"],
] as const;
const VOICE_TREATMENTS = [
  ["announcement", "Answer, play the department's closed announcement, then hang up"],
  ["hangup", "Do not answer (the caller's network says the number is unavailable)"],
] as const;

/** Opening hours per weekday and what happens outside them. */
export function BusinessHoursSection({ values: v, errors }: Section) {
  return (
    <fieldset>
      <legend>Business hours</legend>
      <Checkbox name="bhEnabled" label="Apply business hours" checked={v.bhEnabled === "on"} hint="When off, the center is always open" />
      <div class="grid">
        {MONDAY_FIRST.map((d) => {
          const name = `bhDay${d}`;
          const error = errors?.[name];
          return (
            <div class={error ? "field invalid" : "field"}>
              <label for={`f-${name}`}>{DAYS[d]}</label>
              <input
                id={`f-${name}`}
                name={name}
                value={v[name] ?? ""}
                maxlength={20}
                placeholder="closed"
                aria-invalid={error ? "true" : undefined}
                aria-describedby={error ? `f-${name}-error` : undefined}
              />
              {error ? (
                <small id={`f-${name}-error`} class="error">
                  {error}
                </small>
              ) : null}
            </div>
          );
        })}
      </div>
      <p class="hint">HH:MM-HH:MM, e.g. 08:00-18:00; leave empty for a closed day.</p>
      <Select name="bhClosedTreatment" label="Outside business hours" value={v.bhClosedTreatment} options={TREATMENTS} errors={errors} />
      <Select
        name="voiceClosedTreatment"
        label="Calls to a voice department outside business hours"
        value={v.voiceClosedTreatment}
        options={VOICE_TREATMENTS}
        errors={errors}
      />
    </fieldset>
  );
}

/** Up to 10 named fields that the website's context and a trunk call's X- headers fill (FEATURES A6). */
export function AttachedFieldsSection({ values: v, errors, saved }: Section & { saved: string[] }) {
  return (
    <fieldset>
      <legend>Attached-data fields</legend>
      <TextArea
        name="attachedFields"
        label="Field names"
        value={v.attachedFields}
        rows={5}
        hint={
          "One per line; up to 10 names of up to 40 characters (letters, digits, spaces, - _ .), e.g. Account number. " +
          "The website's context key of that name fills it (accountNumber or account_number), and on calls the trunk's " +
          "X-Account-Number header. Agents see the filled fields, by these names and in this order, with the incoming " +
          "work and in the interaction; values that fill no field are not shown."
        }
        errors={errors}
      />
      {saved.length ? (
        <div>
          <p>In use:</p>
          <ul id="attached-fields">
            {saved.map((name) => (
              <li>
                <FieldName name={name} />
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="muted">No attached-data fields defined.</p>
      )}
    </fieldset>
  );
}
