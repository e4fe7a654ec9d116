import { FormReader } from "../shared/index.ts";
import { ROUTE_TARGETS } from "./schema.ts";

export type RouteTargetKind = (typeof ROUTE_TARGETS)[number];

/** A route as the admin typed it; `target` is checked against the database when saved. */
export type InboundRouteInput = { did: string; label: string; target: { kind: RouteTargetKind; id: string } };

/** "*" catches every number without a route of its own. */
export const ANY_DID = "*";
const DID = /^\+?[0-9]{1,20}$/;

/** The stored form of a dialled number: separators people type are dropped; undefined when it is not one. */
export function cleanDid(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === ANY_DID) return ANY_DID;
  const cleaned = trimmed.replace(/[\s\-.()/]/g, "");
  return DID.test(cleaned) ? cleaned : undefined;
}

/** The route form: number, label, and one target written `queue:<id>` or `agent:<id>`. */
export function readInboundRouteForm(data: Record<string, unknown>): InboundRouteInput {
  const form = new FormReader(data);
  const typed = form.text("did", { label: "Number (DID)", required: true, max: 32 });
  const did = cleanDid(typed);
  if (typed && !form.errors.did && !did)
    form.fail("did", "Number (DID) must be digits with an optional leading +, or * for any other number");
  const label = form.text("label", { label: "Label", max: 60 });
  const targetText = form.text("target", { label: "Send calls to", required: true, max: 80 });
  const [kind, id = ""] = targetText.split(":", 2);
  const known = (ROUTE_TARGETS as readonly string[]).includes(kind ?? "") && id !== "";
  if (targetText && !form.errors.target && !known) form.fail("target", "Choose a voice queue or an agent");
  form.done();
  return { did: did ?? "", label, target: { kind: kind as RouteTargetKind, id } };
}
