/**
 * Outbound number rules (FEATURES A7): an ordered list; the first rule whose prefix the dialled number
 * starts with removes `strip` leading characters and puts `add` in front. A number no rule matches is sent
 * as dialled. "Strip the leading 0, add +41" is { prefix: "0", strip: 1, add: "+41" }.
 */
export type NumberRule = { readonly prefix: string; readonly strip: number; readonly add: string };

export const MAX_NUMBER_RULES = 20;
export const MAX_RULE_STRIP = 16;

const PREFIX = /^\+?[0-9*#]{0,16}$/;
const ADD = /^\+?[0-9]{0,16}$/;
const DIALLED = /^\+?[0-9*#]{1,32}$/;

/** The number to send to the provider for a number an agent dialled. */
export function applyNumberRules(rules: readonly NumberRule[], dialled: string): string {
  const rule = rules.find((r) => dialled.startsWith(r.prefix));
  if (!rule) return dialled;
  return `${rule.add}${dialled.slice(rule.strip)}`;
}

/** Spaces, dashes, dots and brackets people type in numbers are dropped; what is left must be dialable. */
export function cleanNumber(text: string): string | undefined {
  const cleaned = text.replace(/[\s\-.()/]/g, "");
  return DIALLED.test(cleaned) ? cleaned : undefined;
}

export type RuleProblem = { readonly field: "prefix" | "strip" | "add"; readonly message: string };

/** What is wrong with one rule, if anything; `label` names it in messages (e.g. "Rule 2"). */
export function ruleProblem(rule: NumberRule, label: string): RuleProblem | undefined {
  if (!PREFIX.test(rule.prefix))
    return { field: "prefix", message: `${label}: the prefix may have a leading + and up to 16 digits, * or #` };
  if (!Number.isInteger(rule.strip) || rule.strip < 0 || rule.strip > MAX_RULE_STRIP)
    return { field: "strip", message: `${label}: characters to remove must be between 0 and ${MAX_RULE_STRIP}` };
  if (!ADD.test(rule.add)) return { field: "add", message: `${label}: the prefix to add may have a leading + and up to 16 digits` };
  if (rule.strip === 0 && rule.add === "") return { field: "add", message: `${label} changes nothing: remove characters or add a prefix` };
  return undefined;
}
