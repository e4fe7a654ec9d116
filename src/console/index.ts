/** The agent console (FEATURES C): its pages and, in later work, its live parts. */
export { consoleRoutes } from "./routes.tsx";
