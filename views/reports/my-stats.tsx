import type { DayFigures, MyStats } from "../../src/reports/index.ts";

const ROWS: [string, (f: DayFigures, d: (ms: number) => string) => string][] = [
  ["Handled", (f) => (Number.isInteger(f.handled) ? String(f.handled) : f.handled.toFixed(1))],
  ["Average handle time", (f, d) => (f.averageHandleMs === null ? "—" : d(f.averageHandleMs))],
  ["Ready", (f, d) => d(f.readyMs)],
  ["Busy", (f, d) => d(f.busyMs)],
  ["Wrap-up", (f, d) => d(f.wrapUpMs)],
  ["Not Ready", (f, d) => d(f.notReadyMs)],
  ["Logged in", (f, d) => d(f.loggedInMs)],
];

/** The agent's own figures for today beside their departments' average (FEATURES C12); the console refreshes it. */
export function MyStatsTable({ stats, duration, asOf }: { stats: MyStats; duration: (ms: number) => string; asOf: string }) {
  const dept = stats.department;
  return (
    <table id="my-stats-table">
      <caption>
        Today until {asOf}
        {dept ? `, beside the average of ${stats.colleagues} ${stats.colleagues === 1 ? "agent" : "agents"} of my departments` : ""}
      </caption>
      <thead>
        <tr>
          <td></td>
          <th scope="col">Me</th>
          {dept ? <th scope="col">Department average</th> : null}
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([label, cell]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{cell(stats.me, duration)}</td>
            {dept ? <td>{cell(dept, duration)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
