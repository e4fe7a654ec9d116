export type Errors = Record<string, string>;

type FieldProps = {
  name: string;
  label: string;
  value?: string | number | null;
  errors?: Errors;
  type?: string;
  required?: boolean;
  maxLength?: number;
  hint?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  /** The id of a <datalist> of suggestions. */
  list?: string;
};

/** A field's error message, which its control names with aria-describedby so screen readers read it out. */
function ErrorNote({ id, error }: { id: string; error?: string }) {
  return error ? (
    <small id={`${id}-error`} class="error">
      {error}
    </small>
  ) : null;
}

/** A labelled input with its error message tied to it for screen readers. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? ""}
        required={p.required}
        maxlength={p.maxLength}
        min={p.min}
        max={p.max}
        autocomplete={p.autocomplete}
        list={p.list}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {p.hint ? (
        <small id={`${id}-hint`} class="hint">
          {p.hint}
        </small>
      ) : null}
      <ErrorNote id={id} error={error} />
    </div>
  );
}

export function TextArea(p: Omit<FieldProps, "type" | "min" | "max"> & { rows?: number }) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        maxlength={p.maxLength}
        required={p.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {p.value ?? ""}
      </textarea>
      {p.hint ? <small class="hint">{p.hint}</small> : null}
      <ErrorNote id={id} error={error} />
    </div>
  );
}

export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked?: boolean; hint?: string }) {
  return (
    <div class="field check">
      <label>
        <input type="checkbox" name={name} checked={checked} /> {label}
      </label>
      {hint ? <small class="hint">{hint}</small> : null}
    </div>
  );
}

export function Select(p: {
  name: string;
  label: string;
  value?: string | null;
  options: readonly (readonly [string, string])[];
  errors?: Errors;
}) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {p.options.map(([value, text]) => (
          <option value={value} selected={value === p.value}>
            {text}
          </option>
        ))}
      </select>
      <ErrorNote id={id} error={error} />
    </div>
  );
}

/** A summary at the top of a form that failed validation. */
export function FormAlert({ message }: { message?: string | null }) {
  return message ? (
    <p class="alert" role="alert">
      {message}
    </p>
  ) : null;
}

/** A one-line confirmation at the top of a page ("Saved."), read out by screen readers. */
export function FormNotice({ message }: { message?: string | null }) {
  return message ? (
    <p class="notice" role="status">
      {message}
    </p>
  ) : null;
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The account's present password, as sign-in and every change that must prove it ask for it. */
export function CurrentPasswordField({
  name = "password",
  label = "Password",
  errors,
}: {
  name?: string;
  label?: string;
  errors?: Errors;
}) {
  return <Field name={name} label={label} type="password" required maxLength={200} autocomplete="current-password" errors={errors} />;
}
