import { describe, expect, test } from "bun:test";
import { Metrics } from "./metrics.ts";

describe("Metrics", () => {
  test("a counter declared twice is one counter, so two modules can feed it", () => {
    const m = new Metrics();
    const a = m.counter("x_total", "Things");
    const b = m.counter("x_total", "Things again");
    a({ kind: "one" });
    b({ kind: "one" }, 2);
    expect(m.render()).toBe('# HELP x_total Things\n# TYPE x_total counter\nx_total{kind="one"} 3\n');
  });

  test("label values are escaped and gauges are read at render time", () => {
    const m = new Metrics();
    let value = 1;
    m.gauge("g", "A gauge", () => [{ labels: { name: 'say "hi"\\\n' }, value }]);
    value = 7;
    expect(m.render()).toContain('g{name="say \\"hi\\"\\\\\\n"} 7');
  });

  test("a flood of label sets stops at a bound instead of growing memory", () => {
    const m = new Metrics();
    const c = m.counter("flood_total", "Flood");
    for (let i = 0; i < 5000; i++) c({ id: String(i) });
    expect(
      m
        .render()
        .split("\n")
        .filter((l) => l.startsWith("flood_total{")).length,
    ).toBe(1000);
  });
});
