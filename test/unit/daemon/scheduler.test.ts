import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/daemon/logger.js';
import { DEFAULT_DAEMON_CONFIG } from '../../../src/daemon/daemon-config.js';
import { createScheduler, type Scheduler, type SchedulerEvent } from '../../../src/daemon/scheduler.js';

const T0 = new Date('2026-11-22T09:00:30.000Z');
const MIN = 60_000;

let scheduler: Scheduler | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(async () => {
  // Ends every job this test left running (their signals are aborted) before the clock is restored.
  const stopping = scheduler?.stop(0);
  await vi.advanceTimersByTimeAsync(1);
  await stopping;
  scheduler = undefined;
  vi.useRealTimers();
});

function record(): { events: SchedulerEvent[]; of: (type: SchedulerEvent['type']) => string[] } {
  const events: SchedulerEvent[] = [];
  return {
    events,
    of: (type) => events.filter((e) => e.type === type).map((e) => e.scheduledFor.toISOString().slice(11, 16)),
  };
}

/** A job whose runs take `ms` (fake time), honouring its signal. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    });
  });

describe('createScheduler', () => {
  it('does run a job on each tick of its cron expression when runs are short', async () => {
    const { events, of } = record();
    const ticks: string[] = [];
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: DEFAULT_DAEMON_CONFIG.freeLoop,
          timeoutMs: 30_000,
          run: async ({ scheduledFor }) => {
            ticks.push(scheduledFor.toISOString());
          },
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    expect(scheduler.nextRun('free_loop')?.toISOString()).toBe('2026-11-22T09:01:00.000Z');
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(ticks).toEqual(['2026-11-22T09:01:00.000Z', '2026-11-22T09:02:00.000Z', '2026-11-22T09:03:00.000Z']);
    expect(of('run_started')).toEqual(['09:01', '09:02', '09:03']);
    const finished = events.filter((e) => e.type === 'run_finished');
    expect(finished.map((e) => e.type === 'run_finished' && e.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('does run the warehouse loop once a day at 06:00 UTC by default', async () => {
    const ticks: string[] = [];
    scheduler = createScheduler([
      {
        name: 'warehouse_loop',
        cron: DEFAULT_DAEMON_CONFIG.warehouseLoop,
        timeoutMs: 60_000,
        run: async ({ scheduledFor }) => {
          ticks.push(scheduledFor.toISOString());
        },
      },
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(48 * 60 * MIN);
    expect(ticks).toEqual(['2026-11-23T06:00:00.000Z', '2026-11-24T06:00:00.000Z']);
  });

  it('does skip ticks while the previous run is still going when a run outlasts the interval', async () => {
    const events: SchedulerEvent[] = [];
    let runs = 0;
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 10 * MIN,
          run: async ({ signal }) => {
            runs++;
            await sleep(2.5 * MIN, signal);
          },
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    // 09:01 runs until 09:03:30, so 09:02 and 09:03 are skipped; 09:04 runs (until 09:06:30), 09:05 skipped.
    const skipped = events.filter((e) => e.type === 'run_skipped_overlap').map((e) => e.scheduledFor.toISOString().slice(11, 16));
    const started = events.filter((e) => e.type === 'run_started').map((e) => e.scheduledFor.toISOString().slice(11, 16));
    expect(started).toEqual(['09:01', '09:04']);
    expect(skipped).toEqual(['09:02', '09:03', '09:05']);
    expect(runs).toBe(2);
  });

  it('does record a run as failed and abort its signal when it passes its deadline', async () => {
    const events: SchedulerEvent[] = [];
    let aborted: unknown;
    scheduler = createScheduler(
      [
        {
          name: 'warehouse_loop',
          cron: '*/5 * * * *',
          timeoutMs: 90_000,
          run: ({ signal }) =>
            new Promise<void>((_, reject) => {
              signal.addEventListener('abort', () => {
                aborted = signal.reason;
                reject(signal.reason as Error);
              });
            }),
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MIN + 90_000);
    const finished = events.find((e) => e.type === 'run_finished');
    expect(finished).toMatchObject({ job: 'warehouse_loop', status: 'failed', timedOut: true, durationMs: 90_000, error: 'timed out after 90000 ms' });
    expect((aborted as Error).message).toBe('timed out after 90000 ms');
  });

  it('does record a failed run with its error and keep scheduling when a job throws', async () => {
    const events: SchedulerEvent[] = [];
    let n = 0;
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 30_000,
          run: async () => {
            n++;
            if (n === 1) throw new Error('SHOW failed');
          },
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * MIN);
    const finished = events.filter((e) => e.type === 'run_finished');
    expect(finished.map((e) => e.type === 'run_finished' && [e.status, e.timedOut, e.error ?? null])).toEqual([
      ['failed', false, 'SHOW failed'],
      ['ok', false, null],
    ]);
  });

  it('does skip the next tick when a timed-out run ignores its signal and is still going', async () => {
    const events: SchedulerEvent[] = [];
    let release: (() => void) | undefined;
    let runs = 0;
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 20_000,
          run: () => {
            runs++;
            return new Promise<void>((resolve) => {
              release = resolve;
            });
          }, // ignores the signal
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * MIN); // 09:01 times out at 09:01:20 but keeps running
    expect(scheduler.running()).toEqual(['free_loop']);
    expect(events.filter((e) => e.type === 'run_skipped_overlap').map((e) => e.scheduledFor.toISOString())).toEqual(['2026-11-22T09:02:00.000Z']);
    release?.();
    await vi.advanceTimersByTimeAsync(MIN);
    expect(runs).toBe(2); // 09:03 runs again once the stuck run returned
  });

  it('does report ticks missed during a pause and run at the next tick without catching up', async () => {
    const events: SchedulerEvent[] = [];
    const ticks: string[] = [];
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: {
        write: (s: string) => {
          lines.push(s);
        },
      },
    });
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 30_000,
          run: async ({ scheduledFor }) => {
            ticks.push(scheduledFor.toISOString().slice(11, 16));
          },
        },
      ],
      { onEvent: (e) => events.push(e), logger },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(MIN); // 09:01 runs
    // The process is frozen from 09:01:30: the wall clock jumps to 09:04:10 and no timer fires meanwhile;
    // the 09:02 timer then fires 30 s later by the (frozen) timer clock, at 09:04:40 wall time.
    vi.setSystemTime(new Date('2026-11-22T09:04:10.000Z'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events.filter((e) => e.type === 'run_missed').map((e) => e.scheduledFor.toISOString().slice(11, 16))).toEqual(['09:02', '09:03', '09:04']);
    expect(ticks).toEqual(['09:01']);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect(ticks).toEqual(['09:01', '09:05', '09:06']);
    expect(lines.join('')).toContain('missed a tick');
  });

  it('does route node-cron warnings into our logger when a logger is given', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: {
        write: (s: string) => {
          lines.push(s);
        },
      },
    });
    const errors = vi.spyOn(console, 'warn');
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 10 * MIN,
          run: ({ signal }) => sleep(1.5 * MIN, signal),
        },
      ],
      { logger },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * MIN); // 09:02 overlaps: node-cron warns
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => l['component'] === 'node-cron' && String(l['msg']).includes('overlap prevention'))).toBe(true);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('does stop scheduling and wait for the run in flight when stopped within the grace period', async () => {
    const events: SchedulerEvent[] = [];
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 10 * MIN,
          run: ({ signal }) => sleep(40_000, signal),
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(MIN + 10_000); // 09:01 is running until 09:01:40
    const stopping = scheduler.stop(60_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await stopping).toEqual({ drained: true, abandoned: [] });
    expect(events.filter((e) => e.type === 'run_finished')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(events.filter((e) => e.type === 'run_started')).toHaveLength(1);
    expect(scheduler.nextRun('free_loop')).toBeNull();
  });

  it('does abandon and abort a run that outlasts the grace period when stopped', async () => {
    let aborted = false;
    scheduler = createScheduler([
      {
        name: 'warehouse_loop',
        cron: '*/1 * * * *',
        timeoutMs: 10 * MIN,
        run: ({ signal }) =>
          sleep(5 * MIN, signal).catch((e: unknown) => {
            aborted = true;
            throw e;
          }),
      },
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(MIN);
    const stopping = scheduler.stop(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await stopping).toEqual({ drained: false, abandoned: ['warehouse_loop'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted).toBe(true);
  });

  it('does run a job at once with the same events and overlap rule when runNow is called', async () => {
    const events: SchedulerEvent[] = [];
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 10 * MIN,
          run: ({ signal }) => sleep(40_000, signal),
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    const first = scheduler.runNow('free_loop');
    await scheduler.runNow('free_loop'); // the first is still running: skipped
    await vi.advanceTimersByTimeAsync(40_000);
    await first;
    expect(events.map((e) => [e.type, e.scheduledFor.toISOString()])).toEqual([
      ['run_started', T0.toISOString()],
      ['run_skipped_overlap', T0.toISOString()],
      ['run_skipped_overlap', '2026-11-22T09:01:00.000Z'], // the scheduled tick also waits for the manual run
      ['run_finished', T0.toISOString()],
    ]);
    expect(() => scheduler!.runNow('nope')).toThrow('unknown job "nope" (jobs: free_loop)');
  });

  it('does run a job with an offset that long after each tick, skip a delayed run while the last is going, and drop a pending one on stop', async () => {
    const { events } = record();
    const starts: string[] = [];
    scheduler = createScheduler(
      [
        {
          name: 'free_loop',
          cron: '*/1 * * * *',
          timeoutMs: 10 * MIN,
          offsetMs: 37_250,
          run: async ({ scheduledFor, signal }) => {
            starts.push(`${new Date().toISOString().slice(14, 23)} for ${scheduledFor.toISOString().slice(14, 23)}`);
            if (starts.length === 2) await sleep(70_000, signal); // the 09:02 run lasts past 09:03's delayed start
          },
        },
      ],
      { onEvent: (e) => events.push(e) },
    );
    scheduler.start();
    expect(scheduler.nextRun('free_loop')?.toISOString()).toBe('2026-11-22T09:01:37.250Z');
    await vi.advanceTimersByTimeAsync(MIN); // 09:01:30: the 09:01 tick fired, its run waits
    expect(starts).toEqual([]);
    expect(scheduler.nextRun('free_loop')?.toISOString()).toBe('2026-11-22T09:01:37.250Z');
    await vi.advanceTimersByTimeAsync(3 * MIN); // to 09:04:30
    // 09:02:37.250 runs until 09:03:47.250: the 09:03 tick's run, due at 09:03:37.250, is skipped.
    expect(starts).toEqual(['01:37.250 for 01:37.250', '02:37.250 for 02:37.250']);
    expect(events.filter((e) => e.type === 'run_skipped_overlap').map((e) => e.scheduledFor.toISOString())).toEqual(['2026-11-22T09:03:37.250Z']);
    const stopping = scheduler.stop(MIN);
    await vi.advanceTimersByTimeAsync(2 * MIN);
    await stopping;
    expect(starts).toHaveLength(2); // the 09:04 tick's run, pending at the stop, never started
    expect(scheduler.nextRun('free_loop')).toBeNull();
  });

  it('does refuse a bad cron expression or a duplicate job name when created', () => {
    const run = async (): Promise<void> => {};
    expect(() => createScheduler([{ name: 'x', cron: '61 * * * *', timeoutMs: 1, run }])).toThrow('invalid cron expression "61 * * * *" for job "x"');
    expect(() =>
      createScheduler([
        { name: 'x', cron: '* * * * *', timeoutMs: 1, run },
        { name: 'x', cron: '* * * * *', timeoutMs: 1, run },
      ]),
    ).toThrow('duplicate job name "x"');
    expect(() => createScheduler([{ name: 'x', cron: '* * * * *', timeoutMs: 1, offsetMs: -1, run }])).toThrow(
      'job "x" needs an offsetMs of 0 or more, got -1',
    );
  });
});
