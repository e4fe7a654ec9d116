import type { NavUser } from "../layouts/page.tsx";

/** What every signed-in page needs for its frame: the CSRF token, the user for the menu, the center's name. */
export type Frame = { csrf: string; user: NavUser; centerName: string };
