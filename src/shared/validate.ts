import { ValidationError } from "./errors.ts";

type Raw = Record<string, unknown>;
type TextRule = { label: string; required?: boolean; min?: number; max: number; pattern?: RegExp; patternHint?: string };
type IntRule = { label: string; min: number; max: number; fallback?: number };

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/**
 * Reads untrusted form input field by field, collecting one message per field.
 * Call done() to throw a ValidationError carrying every message at once.
 */
export class FormReader {
  readonly errors: Record<string, string> = {};
  constructor(private readonly data: Raw) {}

  private raw(name: string): string | undefined {
    const v = this.data[name];
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string") return first;
    if (first === undefined || first === null) return undefined;
    this.errors[name] = "must be text";
    return undefined;
  }

  text(name: string, rule: TextRule): string {
    const value = (this.raw(name) ?? "").trim();
    if (!value) {
      if (rule.required) this.errors[name] = `${rule.label} is required`;
      return "";
    }
    if (value.length > rule.max) this.errors[name] = `${rule.label} must be at most ${rule.max} characters`;
    else if (rule.min && value.length < rule.min) this.errors[name] = `${rule.label} must be at least ${rule.min} characters`;
    else if (rule.pattern && !rule.pattern.test(value))
      this.errors[name] = `${rule.label} ${rule.patternHint ?? "has characters that are not allowed"}`;
    // Control characters never belong in single-line form fields.
    else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) this.errors[name] = `${rule.label} has control characters`;
    return value;
  }

  email(name: string, label: string, required = false): string {
    const value = this.text(name, { label, required, max: 254 });
    if (value && !this.errors[name] && !EMAIL.test(value)) this.errors[name] = `${label} is not a valid email address`;
    return value.toLowerCase();
  }

  int(name: string, rule: IntRule): number {
    const value = (this.raw(name) ?? "").trim();
    if (!value) {
      if (rule.fallback !== undefined) return rule.fallback;
      this.errors[name] = `${rule.label} is required`;
      return rule.min;
    }
    if (!/^-?\d{1,9}$/.test(value)) {
      this.errors[name] = `${rule.label} must be a whole number`;
      return rule.min;
    }
    const n = Number(value);
    if (n < rule.min || n > rule.max) this.errors[name] = `${rule.label} must be between ${rule.min} and ${rule.max}`;
    return n;
  }

  /** An optional whole number: empty means null. */
  optionalInt(name: string, rule: IntRule): number | null {
    return (this.raw(name) ?? "").trim() ? this.int(name, rule) : null;
  }

  bool(name: string): boolean {
    const v = this.raw(name);
    return v === "on" || v === "true" || v === "1";
  }

  oneOf<T extends string>(name: string, label: string, values: readonly T[], fallback?: T): T {
    const v = this.raw(name);
    if (v && (values as readonly string[]).includes(v)) return v as T;
    if (!v && fallback !== undefined) return fallback;
    this.errors[name] = `${label} must be one of: ${values.join(", ")}`;
    return values[0] as T;
  }

  /** All values of a multi-valued field (checkbox group, multi-select), each checked against `allowed`. */
  list(name: string, label: string, allowed?: (v: string) => boolean, max = 1000): string[] {
    const v = this.data[name];
    const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
    if (values.length > max) this.errors[name] = `${label}: at most ${max} values`;
    if (allowed && values.some((x) => !allowed(x))) this.errors[name] = `${label} has an unknown value`;
    return [...new Set(values)];
  }

  fail(name: string, message: string): void {
    this.errors[name] = message;
  }

  done(message = "Please correct the highlighted fields."): void {
    if (Object.keys(this.errors).length) throw new ValidationError(message, this.errors);
  }
}
