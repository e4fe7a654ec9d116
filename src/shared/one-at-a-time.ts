/**
 * Wraps an outbox pass so that passes never overlap: a call while a pass runs is served by one more pass right
 * after it (however many calls came), and a call made at any moment is always followed by a pass that starts
 * after it. `pass` handles its own errors.
 */
export function oneAtATime(pass: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      await null; // the pass starts after `running` is set, so its end can clear it
      try {
        do {
          again = false;
          await pass();
        } while (again);
      } finally {
        // Cleared in the same step the loop ends in: a call after the last check starts a new pass.
        running = null;
      }
    })();
    return running;
  };
}
