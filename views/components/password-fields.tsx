import { Field, type Errors } from "./form.tsx";

/** What a new password must be under the center's policy (FEATURES A3); the setting's own hint says the same. */
export const STRONG_PASSWORD_HINT = "At least 8 characters with lower and upper case, a digit and a special character";
export const PASSWORD_HINT = "At least 8 characters";

/**
 * A new password and its repeat (`password` and `confirm`), with the policy's hint under the first. Browsers and
 * password managers are told it is a new password, so they offer to generate one instead of filling the old.
 */
export function NewPasswordFields(p: { strong: boolean; errors?: Errors; label?: string; repeatLabel?: string }) {
  const secret = { type: "password", required: true, maxLength: 200, autocomplete: "new-password", errors: p.errors };
  return (
    <>
      <Field name="password" label={p.label ?? "New password"} hint={p.strong ? STRONG_PASSWORD_HINT : PASSWORD_HINT} {...secret} />
      <Field name="confirm" label={p.repeatLabel ?? "Repeat password"} {...secret} />
    </>
  );
}
