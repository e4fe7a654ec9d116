import type { PredefinedScope } from "../admin/predefined.tsx";

/** The signed-in user's own predefined messages (FEATURES C5, A5). */
export const PERSONAL_PREDEFINED: PredefinedScope = {
  base: "/profile/predefined",
  heading: "My predefined messages",
  intro: "Only you see these in the chat picker. If one has the same shortcut as a center-wide message, yours is used.",
};
