/** The console's keyboard shortcuts (FEATURES C7); the buttons declare them with aria-keyshortcuts. */
export const SHORTCUTS: [string, string][] = [
  ["Alt+A", "Accept (or Answer) the incoming work"],
  ["Alt+R", "Reject the incoming work"],
  ["Alt+E", "End session of the open tab"],
  ["Alt+H", "Hang up the call"],
  ["Alt+D", "Dial the number or extension typed in the dial pad"],
  ["Alt+M", "Mute or unmute the call"],
  ["Alt+O", "Put the call on hold or resume it"],
  ["Alt+Y", "Ready"],
  ["Alt+N", "Not Ready with the chosen reason"],
  ["← →", "Switch tabs (when a tab has focus)"],
];

export function ShortcutsHelp() {
  return (
    <details class="card shortcuts">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}
