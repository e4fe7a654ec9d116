/**
 * Builds the single executable with views, static files and migrations embedded.
 * Usage: bun scripts/build.ts [OUTFILE]   (default dist/switchboard)
 */
import { $ } from "bun";

const outfile = process.argv[2] ?? "dist/switchboard";
await $`bun scripts/gen-migrations-index.ts`;
await $`bun build --compile --minify --bytecode --sourcemap ./src/main.ts --outfile ${outfile}`;
console.log(`built ${outfile}`);
