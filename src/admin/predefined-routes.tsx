import { GLOBAL_PREDEFINED } from "../../views/admin/predefined.tsx";
import type { AppDeps } from "../deps.ts";
import { predefinedPages } from "../predefined/routes.tsx";

/** Admin pages: the center-wide predefined messages (FEATURES A5). */
export function predefinedRoutes(deps: AppDeps) {
  return predefinedPages(deps, { scope: GLOBAL_PREDEFINED, personal: false });
}
