/**
 * Named cron jobs for the daemon over node-cron 4.6: no overlap, a deadline per run (a run past it is
 * recorded as failed and its signal aborted), typed events for logs, metrics and tests, and a `stop()`
 * that stops scheduling and waits for runs in flight up to a grace period. It runs jobs; what a job does
 * (the free loop, the warehouse cycle) is the caller's.
 *
 * Missed ticks are not replayed here. When the process is paused or the event loop blocked past a tick,
 * node-cron reports the tick as missed (`run_missed`) and the job runs at the next one; it never replays
 * the ticks it slept through: every job re-reads the current state, so a missed tick only delays
 * detection, and a burst of stale ticks would only cost warehouse time. A tick missed while no daemon ran
 * at all is the daemon's to catch up, once, at start (src/daemon/missed-tick.ts).
 *
 * A job with an `offsetMs` runs that long after each tick (the daemon spreads its accounts' runs over the
 * cycle so); the overlap rule and the deadline then count from the delayed run.
 */

import { createTask, validate, type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/** What a job is handed on each run. */
export interface JobContext {
  /** The tick this run belongs to. */
  readonly scheduledFor: Date;
  /** Aborted at the run's deadline and when `stop()`'s grace period runs out. */
  readonly signal: AbortSignal;
}

export interface JobDefinition {
  /** Unique; used in events and logs, e.g. `free_loop`. */
  readonly name: string;
  /** A node-cron expression (5 fields, or 6 with seconds). */
  readonly cron: string;
  /** Past this a run is recorded as failed and its signal aborted. */
  readonly timeoutMs: number;
  /** Each run comes this long after its tick (default 0); keep it under the cron's shortest gap. */
  readonly offsetMs?: number;
  readonly run: (context: JobContext) => Promise<void>;
}

export type SchedulerEvent =
  | { readonly type: 'run_started'; readonly job: string; readonly scheduledFor: Date; readonly at: Date }
  | {
      readonly type: 'run_finished';
      readonly job: string;
      readonly scheduledFor: Date;
      readonly at: Date;
      readonly status: 'ok' | 'failed';
      readonly timedOut: boolean;
      readonly durationMs: number;
      readonly error?: string;
    }
  | { readonly type: 'run_skipped_overlap'; readonly job: string; readonly scheduledFor: Date; readonly at: Date }
  | { readonly type: 'run_missed'; readonly job: string; readonly scheduledFor: Date; readonly at: Date };

export interface SchedulerOptions {
  /** IANA zone the expressions are read in; default UTC. */
  readonly timezone?: string;
  readonly onEvent?: (event: SchedulerEvent) => void;
  /** Where node-cron's own warnings go (instead of its coloured console lines). */
  readonly logger?: Logger;
}

/** What `stop()` found. */
export interface StopResult {
  /** True when every run in flight finished within the grace period. */
  readonly drained: boolean;
  /** Jobs still running when the grace period ran out (their signals were aborted). */
  readonly abandoned: readonly string[];
}

export interface Scheduler {
  start(): void;
  /**
   * Runs `job` now, outside its schedule (node-cron 4 has no run-on-start), with the same deadline,
   * overlap rule and events; resolves when the run is recorded. Throws on an unknown job name.
   */
  runNow(job: string): Promise<void>;
  /** Jobs with a run in flight now. */
  running(): readonly string[];
  /** The next run of `job` (its tick plus its offset), or null when stopped. */
  nextRun(job: string): Date | null;
  stop(graceMs: number): Promise<StopResult>;
}

/** node-cron's logger interface, writing into ours. */
export function cronLogger(logger: Logger): CronLogger {
  const child = logger.child({ component: 'node-cron' });
  return {
    info: (message) => child.info(message),
    warn: (message) => child.warn(message),
    error: (message, err) => (message instanceof Error ? child.error({ err: message }, message.message) : child.error(err ? { err } : {}, message)),
    debug: (message, err) => (message instanceof Error ? child.debug({ err: message }, message.message) : child.debug(err ? { err } : {}, message)),
  };
}

const SILENT_CRON_LOGGER: CronLogger = { info() {}, warn() {}, error() {}, debug() {} };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A scheduler for `jobs`; nothing runs until `start()`. Throws on a bad expression or a duplicate name. */
export function createScheduler(jobs: readonly JobDefinition[], options: SchedulerOptions = {}): Scheduler {
  checkJobs(jobs);
  const emit = (event: SchedulerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      options.logger?.error({ err: error }, 'scheduler event handler failed');
    }
  };
  /** The job's own promise per running job: outlives the deadline when a job ignores its signal. */
  const inFlight = new Map<string, InFlight>();
  const tasks = new Map<string, ScheduledTask>();
  /** Runs waiting out their offset after a tick, with when they are due. */
  const delayed: Delayed = new Map();
  let stopped = false;

  const runOnce = async (job: JobDefinition, scheduledFor: Date): Promise<void> => {
    if (stopped) return;
    if (inFlight.has(job.name)) {
      // The previous run passed its deadline but has not returned yet: still no overlap.
      emit({ type: 'run_skipped_overlap', job: job.name, scheduledFor, at: new Date() });
      return;
    }
    const abort = new AbortController();
    const startedAt = Date.now();
    emit({ type: 'run_started', job: job.name, scheduledFor, at: new Date(startedAt) });
    const work = Promise.resolve().then(() => job.run({ scheduledFor, signal: abort.signal }));
    const settled = work
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, { work: settled, abort });
    const ended = await endOfRun(work, job, abort);
    const at = Date.now();
    emit({ type: 'run_finished', job: job.name, scheduledFor, at: new Date(at), ...ended, durationMs: at - startedAt });
  };

  return {
    start() {
      if (stopped) throw new Error('scheduler was stopped; create a new one');
      if (tasks.size > 0) return;
      for (const job of jobs) {
        const task = cronTask(job, options, afterOffset(job, runOnce, delayed), emit);
        tasks.set(job.name, task);
        void task.start();
      }
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job "${name}" (jobs: ${jobs.map((j) => j.name).join(', ')})`);
      return runOnce(job, new Date());
    },
    running() {
      return [...inFlight.keys()];
    },
    nextRun(job) {
      if (stopped) return null;
      const waiting = [...delayed.values()].find((d) => d.job === job);
      if (waiting !== undefined) return waiting.at;
      const tick = tasks.get(job)?.getNextRun();
      const offsetMs = jobs.find((j) => j.name === job)?.offsetMs ?? 0;
      return tick ? new Date(tick.getTime() + offsetMs) : null;
    },
    async stop(graceMs) {
      stopped = true;
      for (const timer of delayed.keys()) clearTimeout(timer);
      delayed.clear();
      return stopAll(tasks, inFlight, graceMs);
    },
  };
}

type Delayed = Map<NodeJS.Timeout, { readonly job: string; readonly at: Date }>;

/**
 * What a tick of `job` starts: its run, or with an offset a timer for it (kept in `delayed` until it fires),
 * returning at once so node-cron never counts the wait as a run in flight.
 */
function afterOffset(job: JobDefinition, runOnce: (job: JobDefinition, at: Date) => Promise<void>, delayed: Delayed): (tick: Date) => Promise<void> {
  const offsetMs = job.offsetMs ?? 0;
  if (offsetMs === 0) return (tick) => runOnce(job, tick);
  return (tick) => {
    const at = new Date(tick.getTime() + offsetMs);
    const timer = setTimeout(() => {
      delayed.delete(timer);
      void runOnce(job, at);
    }, offsetMs);
    delayed.set(timer, { job: job.name, at });
    return Promise.resolve();
  };
}

interface InFlight {
  readonly work: Promise<void>;
  readonly abort: AbortController;
}

/** How a run ended: well, with its own error, or at its deadline (its signal is then aborted). */
async function endOfRun(
  work: Promise<void>,
  job: JobDefinition,
  abort: AbortController,
): Promise<{ readonly status: 'ok' | 'failed'; readonly timedOut: boolean; readonly error?: string }> {
  try {
    if ((await raceTimeout(work, job.timeoutMs)) !== 'timeout') return { status: 'ok', timedOut: false };
    const error = `timed out after ${job.timeoutMs} ms`;
    abort.abort(new Error(error));
    return { status: 'failed', timedOut: true, error };
  } catch (failure) {
    return { status: 'failed', timedOut: false, error: describe(failure) };
  }
}

/** Destroys the cron tasks, then waits up to `graceMs` for the runs in flight; the rest are aborted and named. */
async function stopAll(tasks: Map<string, ScheduledTask>, inFlight: ReadonlyMap<string, InFlight>, graceMs: number): Promise<StopResult> {
  for (const task of tasks.values()) await task.destroy();
  tasks.clear();
  const pending = [...inFlight.values()].map((r) => r.work);
  if (pending.length === 0) return { drained: true, abandoned: [] };
  if ((await raceTimeout(Promise.all(pending), graceMs)) === 'done') return { drained: true, abandoned: [] };
  const abandoned = [...inFlight.keys()];
  for (const r of inFlight.values()) r.abort.abort(new Error('scheduler stopped'));
  return { drained: false, abandoned };
}

/** Throws on a duplicate name, an invalid cron expression or a deadline that is not positive. */
function checkJobs(jobs: readonly JobDefinition[]): void {
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`duplicate job name "${job.name}"`);
    names.add(job.name);
    if (!validate(job.cron)) throw new Error(`invalid cron expression "${job.cron}" for job "${job.name}"`);
    if (!(job.timeoutMs > 0)) throw new Error(`job "${job.name}" needs a positive timeoutMs, got ${job.timeoutMs}`);
    if (job.offsetMs !== undefined && !(job.offsetMs >= 0)) throw new Error(`job "${job.name}" needs an offsetMs of 0 or more, got ${job.offsetMs}`);
  }
}

/** node-cron's task for a job (not started): no overlap, in the scheduler's timezone; overlaps and missed ticks become events. */
function cronTask(
  job: JobDefinition,
  options: SchedulerOptions,
  run: (scheduledFor: Date) => Promise<void>,
  emit: (event: SchedulerEvent) => void,
): ScheduledTask {
  const task = createTask(job.cron, (context) => run(context.date), {
    name: job.name,
    noOverlap: true,
    timezone: options.timezone ?? 'UTC',
    logger: options.logger ? cronLogger(options.logger) : SILENT_CRON_LOGGER,
  });
  task.on('execution:overlap', (context) => {
    emit({ type: 'run_skipped_overlap', job: job.name, scheduledFor: context.date, at: new Date() });
  });
  task.on('execution:missed', (context) => {
    options.logger?.warn({ job: job.name, scheduledFor: context.date.toISOString() }, 'missed a tick (process paused or busy); the next tick runs as usual');
    emit({ type: 'run_missed', job: job.name, scheduledFor: context.date, at: new Date() });
  });
  return task;
}

/** 'done' when `work` settles first (rejecting when it rejects), 'timeout' when `ms` pass first; the timer is cleared either way. */
async function raceTimeout(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
