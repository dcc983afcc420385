/**
 * The daemon's free loop (DESIGN §4): on one long-lived session, the `free` (SHOW-only) checks, then
 * `SHOW WAREHOUSES` and `SHOW RESOURCE MONITORS` kept in memory for runaway warehouses and burn rate
 * (compared with the newest snapshot at least 10 minutes old). It wakes no warehouse and returns
 * outcomes; ingesting, alerting and scheduling are the caller's.
 */

import { evaluateBurnRate, type MonitorSnapshot } from '../checks/burn-rate.js';
import type { CheckDefinition, CheckOutcome } from '../checks/check.js';
import { describeSpan } from '../checks/monitor-cycle.js';
import type { MonitorCycleOverrides } from '../checks/monitor-schedule.js';
import { describeFailure, runChecks, type RunChecksOptions } from '../checks/run-checks.js';
import { findRunawayWarehouses, type WarehouseSnapshot } from '../checks/runaway-warehouses.js';
import type { QueryResult, SnowflakeClient } from '../sources/snowflake-client.js';
import { observeClient, type ObservedClient } from './observed-client.js';
import { UsualRuns } from './usual-runs.js';

export const BURN_RATE_CHECK = 'burn_rate';
export const RUNAWAY_CHECK = 'runaway_warehouses';
/** Burn rate compares with a snapshot at least this old (used_credits moves in steps). */
export const BURN_WINDOW_MS = 10 * 60_000;
/** Snapshots older than this are dropped (the newest one past the burn window is always kept). */
const KEEP_MS = 2 * 3_600_000;
/** A warehouse with no usual run learned yet (src/daemon/usual-runs.ts) is a runaway past max(3 × this, 1 h). */
const DEFAULT_USUAL_RUN_MS = 3_600_000;

/** What one cycle of a loop produced. */
export interface LoopResult {
  readonly outcomes: readonly CheckOutcome[];
  /** Set when no session could be opened or the session broke: why (secret-free). */
  readonly sessionError?: string;
  /**
   * Checks whose statements succeeded but that have nothing to judge yet (burn rate before a snapshot
   * 10 minutes old): recorded as runs that end a failure streak, never ingested, so they resolve nothing.
   */
  readonly waiting?: readonly WaitingRun[];
  /** False for a loop that never talks to Snowflake (the dbt loop): its cycles say nothing of Snowflake's health. */
  readonly touchesSnowflake?: boolean;
}

/** A check run that reached Snowflake but has no result to ingest yet. */
export interface WaitingRun {
  readonly name: string;
  readonly startedAt: string;
  /** Rows its statement returned. */
  readonly rows: number;
  readonly durationMs: number;
}

export interface LoopSettings {
  readonly checks: readonly CheckDefinition[];
  readonly run: Omit<RunChecksOptions, 'now' | 'only' | 'onProgress'>;
}

export interface FreeLoopDeps {
  readonly connect: () => Promise<SnowflakeClient>;
  readonly onStatement: (check: string, failed: boolean) => void;
}

/** A check outcome for a run that could not start or failed outright. */
export function failedOutcome(name: string, error: string, now: Date): CheckOutcome {
  return { name, status: 'failed', error, rows: [], findings: [], startedAt: now.toISOString(), durationMs: 0, statementsSent: 0 };
}

/** A client for one cycle that answers a SHOW already answered in it from memory (failures are retried). */
function reuseShows(client: SnowflakeClient): SnowflakeClient & { readonly sent: number } {
  const answered = new Map<string, QueryResult>();
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    async query(sql, options) {
      const key = sql.replace(/\s+/g, ' ').trim().toUpperCase();
      const isShow = key.startsWith('SHOW ');
      const known = isShow ? answered.get(key) : undefined;
      if (known) return known;
      sent++;
      const result = await client.query(sql, options);
      if (isShow) answered.set(key, result);
      return result;
    },
    close: () => client.close(),
  };
}

export class FreeLoop {
  readonly #deps: FreeLoopDeps;
  #client: ObservedClient | undefined;
  #stale = false;
  #warehouses: WarehouseSnapshot[] = [];
  #monitors: MonitorSnapshot[] = [];
  /** Learned from every SHOW WAREHOUSES poll; kept across reset() (it is the account's history, not the session's). */
  readonly #usualRuns = new UsualRuns();

  constructor(deps: FreeLoopDeps) {
    this.#deps = deps;
  }

  /** One cycle at `now` with these settings (the free checks among `settings.checks` run). */
  async cycle(settings: LoopSettings, now: Date, signal?: AbortSignal): Promise<LoopResult> {
    const free = settings.checks.filter((c) => c.header.cost === 'free');
    if (this.#stale) {
      this.#stale = false;
      await this.close().catch(() => undefined);
    }
    let client: ObservedClient;
    try {
      client = this.#client ??= observeClient(await this.#deps.connect(), this.#deps.onStatement);
    } catch (error) {
      const reason = `no snowflake session: ${describeFailure(error)}`;
      return { outcomes: [...free.map((c) => failedOutcome(c.header.name, reason, now))], sessionError: describeFailure(error) };
    }
    // The snapshots below reuse the SHOW results the checks just read (sent once per cycle).
    const shows = reuseShows(client);
    const outcomes: CheckOutcome[] = [...(await runChecks(shows, free, { ...settings.run, now }))];
    signal?.throwIfAborted();
    // A SHOW that timed out or a lost session means Snowflake is not answering: no snapshots this cycle
    // (each would wait out its own deadline), reconnect next cycle, report Snowflake down.
    const lost = () => client.broken ?? client.timedOut;
    const waiting: WaitingRun[] = [];
    if (lost() === undefined) outcomes.push(...(await this.#snapshots(shows, settings.run.usdPerCredit, now, waiting, settings.run.monitorCycles)));
    const allFailed = outcomes.length > 0 && outcomes.every((o) => o.status === 'failed');
    const broken = lost() ?? (allFailed ? outcomes[0]?.error : undefined);
    if (broken !== undefined) {
      this.#client = undefined;
      await client.close().catch(() => undefined);
      return { outcomes, sessionError: broken };
    }
    return { outcomes, ...(waiting.length > 0 ? { waiting } : {}) };
  }

  /** The settings changed: the next cycle opens a new session. */
  reset(): void {
    this.#stale = true;
  }

  /** Closes the session, if one is open. */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  async #snapshots(
    client: SnowflakeClient & { readonly sent: number },
    usdPerCredit: number,
    now: Date,
    waiting: WaitingRun[],
    monitorCycles?: MonitorCycleOverrides,
  ): Promise<CheckOutcome[]> {
    const out: CheckOutcome[] = [];
    const started = performance.now();
    let before = client.sent;
    try {
      const rows = (await client.query('SHOW WAREHOUSES', { check: RUNAWAY_CHECK })).rows;
      const snapshot: WarehouseSnapshot = { at: now, rows };
      this.#warehouses = [...this.#warehouses.filter((s) => now.getTime() - s.at.getTime() <= KEEP_MS), snapshot];
      this.#usualRuns.observe(snapshot);
      const { running, findings } = findRunawayWarehouses(this.#warehouses, {
        usualRunMs: this.#usualRuns.usualRunMs(),
        defaultUsualRunMs: DEFAULT_USUAL_RUN_MS,
        usdPerCredit,
      });
      out.push({
        name: RUNAWAY_CHECK,
        status: 'ok',
        findings,
        startedAt: now.toISOString(),
        durationMs: performance.now() - started,
        statementsSent: client.sent - before,
        rows: running.map((r) => ({
          warehouse: r.warehouse,
          running_since: r.runningSince.toISOString(),
          running_ms: r.runningMs,
          credits: r.credits,
          usual_run_ms: r.usualRunMs,
          runaway: r.runaway,
        })),
      });
    } catch (error) {
      out.push(failedOutcome(RUNAWAY_CHECK, describeFailure(error), now));
    }
    const burnStarted = performance.now();
    before = client.sent;
    try {
      const rows = (await client.query('SHOW RESOURCE MONITORS', { check: BURN_RATE_CHECK })).rows;
      const current: MonitorSnapshot = { at: now, rows };
      const previous = [...this.#monitors].reverse().find((s) => now.getTime() - s.at.getTime() >= BURN_WINDOW_MS);
      this.#monitors = [...this.#monitors.filter((s) => s === previous || now.getTime() - s.at.getTime() <= KEEP_MS), current];
      // Without a snapshot old enough there is no rate yet: no outcome (it would say "all clear"), only a
      // waiting run, so that a failure streak ends as soon as SHOW RESOURCE MONITORS answers again.
      if (previous === undefined) {
        waiting.push({ name: BURN_RATE_CHECK, startedAt: now.toISOString(), rows: rows.length, durationMs: performance.now() - burnStarted });
      } else {
        const { burns, findings } = evaluateBurnRate(previous, current, {
          usdPerCredit,
          minIntervalMs: BURN_WINDOW_MS,
          ...(monitorCycles ? { monitorCycles } : {}),
        });
        out.push({
          name: BURN_RATE_CHECK,
          status: 'ok',
          findings,
          startedAt: now.toISOString(),
          durationMs: performance.now() - burnStarted,
          statementsSent: client.sent - before,
          rows: burns.map((b) => ({
            monitor: b.monitor,
            credits_per_hour: b.creditsPerHour,
            used_credits: b.usedCredits,
            credit_quota: b.creditQuota,
            quota_reached_at: b.quotaReachedAt?.toISOString() ?? null,
            rate_basis: `from ${describeSpan(b.rateOverMs)} of data`,
          })),
        });
      }
    } catch (error) {
      out.push(failedOutcome(BURN_RATE_CHECK, describeFailure(error), now));
    }
    return out;
  }
}
