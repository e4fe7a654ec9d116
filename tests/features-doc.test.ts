/**
 * docs/FEATURES.md is how a reader of the repository follows the feature ids the code cites: every id cited in a
 * comment of src/ or views/ has its entry there, and every test it names as proof exists under that name.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const DOC = readFileSync(join(ROOT, "docs/FEATURES.md"), "utf8");

/** The ids a citation names: "FEATURES A6, V6", "FEATURES R1–R6, C3", "FEATURES A2 identity, A3, D2". */
function citedIds(source: string): string[] {
  const ids: string[] = [];
  for (const citation of source.matchAll(/FEATURES\b([^).;:\n]*)/g)) {
    for (const [, letter, from, to] of (citation[1] ?? "").matchAll(/\b([A-Z])(\d{1,2})(?:[–-]\1?(\d{1,2}))?\b/g)) {
      const last = Number(to ?? from);
      for (let n = Number(from); n <= last; n++) ids.push(`${letter}${n}`);
    }
  }
  return ids;
}

/** The ids the document has an entry for: a list item that opens with the id in bold. */
function documentedIds(doc: string): Set<string> {
  return new Set([...doc.matchAll(/^- \*\*([A-Z]\d{1,2})\b/gm)].map((m) => m[1] as string));
}

/** The proofs the document names: a line "`file` › test name". */
function namedProofs(doc: string): { file: string; name: string }[] {
  return [...doc.matchAll(/^\s+- `([^`]+)` › (.+)$/gm)].map((m) => ({ file: m[1] as string, name: (m[2] as string).trim() }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f));
}

describe("docs/FEATURES.md", () => {
  test("every feature id cited in the code of src/ and views/ has its entry", () => {
    const documented = documentedIds(DOC);
    const missing = new Set<string>();
    for (const file of [...sourceFiles("src"), ...sourceFiles("views")]) {
      for (const id of citedIds(readFileSync(join(ROOT, file), "utf8"))) if (!documented.has(id)) missing.add(`${id} (${file})`);
    }
    expect([...missing]).toEqual([]);
  });

  test("every test named as proof exists, in the file named, under that name", () => {
    const proofs = namedProofs(DOC);
    expect(proofs.length).toBeGreaterThan(100);
    const wrong = proofs.filter(({ file, name }) => {
      if (!/\.test\.tsx?$/.test(file) || !existsSync(join(ROOT, file))) return true;
      return !readFileSync(join(ROOT, file), "utf8").includes(name);
    });
    expect(wrong).toEqual([]);
  });

  test("the checks read what the document and the code write", () => {
    expect(citedIds("/** Routing (FEATURES R1–R3, C3, W8). */ and (FEATURES A2 identity, A3, D2): x")).toEqual([
      "R1",
      "R2",
      "R3",
      "C3",
      "W8",
      "A2",
      "A3",
      "D2",
    ]);
    expect(citedIds("// FEATURES C3: an agent who lets an offer ring out")).toEqual(["C3"]);
    expect([...documentedIds("- **A1 Roles.** Built.\n  - **B2** not an entry\n")]).toEqual(["A1"]);
    expect(namedProofs("  - `tests/x.test.ts` › does a thing\n")).toEqual([{ file: "tests/x.test.ts", name: "does a thing" }]);
  });
});
