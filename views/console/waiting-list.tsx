import { Ticker } from "../components/ticker.tsx";
import { ActionForm } from "./action-form.tsx";

export type WaitingRow = { id: string; channel: string; customer: string; department: string; waitedMs: number; pick: boolean };

/** What waits in my departments; in a pick department each row has Start session (issue 15). */
export function WaitingList({ rows, csrf }: { rows: WaitingRow[]; csrf: string | null }) {
  if (rows.length === 0) return <p class="muted">Nothing is waiting in your departments.</p>;
  return (
    <table aria-labelledby="waiting-h">
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Customer</th>
          <th scope="col">Department</th>
          <th scope="col">Waiting</th>
          <th scope="col">
            <span class="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-waiting={r.id}>
            <td>{r.channel}</td>
            <td>{r.customer}</td>
            <td>{r.department}</td>
            <td>
              <Ticker ms={r.waitedMs} />
            </td>
            <td>{r.pick ? <ActionForm action={`/console/work/${r.id}/pick`} label="Start session" csrf={csrf} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
