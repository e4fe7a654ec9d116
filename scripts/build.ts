/** Builds the single executable dist/switchboard with views, static files and migrations embedded. */
import { $ } from "bun";

await $`bun scripts/gen-migrations-index.ts`;
await $`bun build --compile --minify --sourcemap ./src/main.ts --outfile dist/switchboard`;
console.log("built dist/switchboard");
