import type { TrunkConfig } from "./trunk-config.ts";

export const TRUNK_UPDATED = "trunk.updated";

/** The events of the SIP trunk, by name, with their payloads. */
export type TrunkEvents = {
  /** An admin saved the trunk settings; `changed` names the settings that differ (the trunk reloads). */
  [TRUNK_UPDATED]: { changed: (keyof TrunkConfig)[] };
};
