/**
 * Answers still being worked on after the platform was acknowledged (a chart being drawn, a
 * message being posted), so a graceful shutdown can let them finish before the process exits.
 */
const running = new Set<Promise<unknown>>();

/** Count `work` as in flight until it settles; returns it unchanged. */
export function trackInFlight<T>(work: Promise<T>): Promise<T> {
  running.add(work);
  const done = () => void running.delete(work);
  work.then(done, done);
  return work;
}

/** Wait until nothing is in flight (work started meanwhile included), or `timeoutMs` passes.
 *  Resolves with how many answers were still running at the deadline. */
export async function drainInFlight(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (running.size > 0 && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadline - Date.now());
    });
    await Promise.race([Promise.allSettled([...running]), timeout]);
    clearTimeout(timer);
  }
  return running.size;
}
