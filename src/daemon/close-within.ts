/**
 * Awaits shutdown work only until a deadline, so `stop()` never outlives `daemon.shutdown_grace` on a hung
 * store, lease or socket: `untilDeadline` races one promise against the time left, `closeWithin` runs close
 * steps in order and names those abandoned. It cancels nothing: abandoned work is left to the process exit.
 */

export interface CloseStep {
  /** What the step closes, for the log line ("lease", "store", ...). */
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/** Resolves true when `work` settles before `deadlineMs` (epoch ms, as `Date.now()`), false when time ran out. */
export async function untilDeadline(work: Promise<unknown>, deadlineMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeUp,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the steps one after another until the deadline. A step failing is reported to `onError` and the
 * next one runs; a step still going at the deadline is abandoned, and every step after it is started
 * (best effort: a socket or file can still close) without being waited for. Returns the abandoned names.
 */
export async function closeWithin(
  steps: readonly CloseStep[],
  deadlineMs: number,
  onError: (step: string, error: unknown) => void,
): Promise<{ readonly abandoned: readonly string[] }> {
  const run = (step: CloseStep): Promise<unknown> => {
    try {
      return step.run().catch((error: unknown) => onError(step.name, error));
    } catch (error) {
      onError(step.name, error);
      return Promise.resolve();
    }
  };
  for (const [index, step] of steps.entries()) {
    if (await untilDeadline(run(step), deadlineMs)) continue;
    const rest = steps.slice(index + 1);
    for (const later of rest) void run(later);
    return { abandoned: [step.name, ...rest.map((s) => s.name)] };
  }
  return { abandoned: [] };
}
