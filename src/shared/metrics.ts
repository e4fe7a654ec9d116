/** A small Prometheus registry: labelled counters plus gauges read at scrape time. */
type Labels = Record<string, string>;
type GaugeSample = { labels: Labels; value: number };
type CounterEntry = { help: string; values: Map<string, { labels: Labels; value: number }> };

/** A flood of distinct label sets must not grow memory without end. */
const MAX_SERIES = 1000;

export class Metrics {
  private counters = new Map<string, CounterEntry>();
  private gauges = new Map<string, { help: string; read: () => GaugeSample[] }>();

  /** Declares a counter (or returns the one already declared under that name) and gives back its incrementer. */
  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    let entry = this.counters.get(name);
    if (!entry) {
      entry = { help, values: new Map() };
      this.counters.set(name, entry);
    }
    const values = entry.values;
    return (labels = {}, by = 1) => {
      const key = JSON.stringify(labels);
      const cur = values.get(key);
      if (cur) cur.value += by;
      else if (values.size < MAX_SERIES) values.set(key, { labels, value: by });
    };
  }

  /** Declares a gauge whose samples are read when /metrics is scraped. */
  gauge(name: string, help: string, read: () => GaugeSample[]): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const v of c.values.values()) out.push(`${name}${fmt(v.labels)} ${v.value}`);
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const v of g.read()) out.push(`${name}${fmt(v.labels)} ${v.value}`);
    }
    return `${out.join("\n")}\n`;
  }
}

function fmt(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}
