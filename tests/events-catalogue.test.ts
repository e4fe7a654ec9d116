import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { APP_EVENTS } from "../src/events.ts";
import { type EventBus, inProcessBus } from "../src/shared/index.ts";

const root = join(import.meta.dir, "..");

/** The rows of the events table in docs/ARCHITECTURE.md: event, declaring file, publishers, listeners. */
async function tableRows(): Promise<{ event: string; declaredIn: string; publishers: string; listeners: string }[]> {
  const doc = await Bun.file(join(root, "docs/ARCHITECTURE.md")).text();
  const section = doc.split(/^## Events$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => {
      const [event, declaredIn, publishers, listeners] = line
        .split("|")
        .slice(1, 5)
        .map((cell) => cell.trim().replaceAll("`", ""));
      return { event: event ?? "", declaredIn: declaredIn ?? "", publishers: publishers ?? "", listeners: listeners ?? "" };
    });
}

describe("the event catalogue and its table in docs/ARCHITECTURE.md", () => {
  test("every event of the catalogue has one row, and every row is an event of the catalogue", async () => {
    const rows = await tableRows();
    expect(rows.map((r) => r.event).sort()).toEqual([...APP_EVENTS].sort());
  });

  test("each row names the file that declares the event, a publisher and a listener", async () => {
    const rows = await tableRows();
    expect(rows).toHaveLength(APP_EVENTS.length);
    for (const row of rows) {
      const declared = await Bun.file(join(root, row.declaredIn)).text();
      expect({ event: row.event, declares: declared.includes(`"${row.event}"`) }).toEqual({ event: row.event, declares: true });
      expect(row.publishers.length).toBeGreaterThan(0);
      expect(row.listeners.length).toBeGreaterThan(0);
    }
  });
});

type TestEvents = { "a.happened": { n: number }; "b.happened": { s: string } };

describe("the in-process bus", () => {
  test("a listener hears the event it names with the payload as published, and nothing else", () => {
    const bus = inProcessBus<TestEvents>(() => {});
    const heard: unknown[] = [];
    bus.subscribe("a.happened", (p) => heard.push(p));
    // No wildcard: a listener of "*" is one of a name nobody publishes.
    (bus as unknown as EventBus<{ "*": unknown }>).subscribe("*", (p) => heard.push(p));
    bus.publish("a.happened", { n: 1 });
    bus.publish("b.happened", { s: "x" });
    expect(heard).toEqual([{ n: 1 }]);
  });

  test("a failing listener is reported and the others still hear the event; a detached one hears nothing", () => {
    const failures: string[] = [];
    const bus = inProcessBus<TestEvents>((name, err) => failures.push(`${name}: ${(err as Error).message}`));
    const heard: number[] = [];
    bus.subscribe("a.happened", () => {
      throw new Error("boom");
    });
    const off = bus.subscribe("a.happened", (p) => heard.push(p.n));
    bus.publish("a.happened", { n: 1 });
    off();
    bus.publish("a.happened", { n: 2 });
    expect(heard).toEqual([1]);
    expect(failures).toEqual(["a.happened: boom", "a.happened: boom"]);
  });
});
