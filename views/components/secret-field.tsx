import { type Errors, Field } from "./form.tsx";

/**
 * A stored secret's field: never filled in (the secret is not sent back), saying whether one is set; left empty
 * it keeps the stored one.
 */
export function SecretField(p: { name: string; label: string; stored: boolean; unsetHint: string; maxLength?: number; errors?: Errors }) {
  return (
    <Field
      name={p.name}
      label={p.label}
      type="password"
      maxLength={p.maxLength ?? 500}
      autocomplete="new-password"
      hint={p.stored ? "Set. Leave empty to keep it." : p.unsetHint}
      errors={p.errors}
    />
  );
}
