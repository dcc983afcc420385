/**
 * snowmon's own `monitor_health` alerts about itself, as a check outcome named `snowmon_health`: Snowflake
 * unreachable or refusing the login (once the failure persists, as an Alertmanager rule's `for:`), and
 * checks failing N runs in a row. `HealthState` remembers the facts
 * between cycles; `healthOutcome` is the pure decision. Delivery failures are alerting/delivery-health.ts's.
 */

import type { CheckOutcome, Finding } from '../checks/check.js';

export const HEALTH_CHECK = 'snowmon_health';

/** One check's failure streak, from `AlertLedger.failureStreak`. */
export interface CheckStreak {
  readonly failures: number;
  readonly since?: Date;
  readonly error?: string;
}

export interface HealthFacts {
  /** Set while snowmon cannot open a Snowflake session (or lost it): why, since when, and how many attempts in a row failed. */
  readonly snowflake?: { readonly error: string; readonly since: Date; readonly attempts: number };
  readonly streaks: ReadonlyMap<string, CheckStreak>;
  readonly threshold: number;
  /**
   * How long Snowflake must stay unreachable before its critical alert fires (`daemon.snowflake_down_for`);
   * it also takes a second failed attempt, so one dropped reply never pages.
   */
  readonly snowflakeDownForMs: number;
}

/** Failed attempts in a row before the Snowflake alert fires, whatever `snowflake_down_for` says. */
export const SNOWFLAKE_MIN_ATTEMPTS = 2;

/** The health facts, kept across cycles of both loops. */
export class HealthState {
  #snowflake: { error: string; since: Date; attempts: number } | undefined;
  readonly #streaks = new Map<string, CheckStreak>();

  snowflakeFailed(error: string, at: Date): void {
    this.#snowflake = { error, since: this.#snowflake?.since ?? at, attempts: (this.#snowflake?.attempts ?? 0) + 1 };
  }

  snowflakeOk(): void {
    this.#snowflake = undefined;
  }

  setStreak(check: string, streak: CheckStreak): void {
    this.#streaks.set(check, streak);
  }

  facts(threshold: number, snowflakeDownForMs = 0): HealthFacts {
    return { ...(this.#snowflake ? { snowflake: { ...this.#snowflake } } : {}), streaks: new Map(this.#streaks), threshold, snowflakeDownForMs };
  }
}

/**
 * The `snowmon_health` run for these facts. While Snowflake is down the run is `failed` (snowmon cannot
 * see its checks, so nothing it reported resolves), and its critical alert fires once the failure has
 * lasted `snowflakeDownForMs` over at least two attempts (pending before: a single dropped reply neither
 * pages nor resolves anything); once a session works the run is `ok` and the alerts no longer observed
 * resolve.
 */
export function healthOutcome(facts: HealthFacts, now: Date): CheckOutcome {
  const findings: Finding[] = [];
  const down = facts.snowflake;
  if (down) {
    const persisted = down.attempts >= SNOWFLAKE_MIN_ATTEMPTS && now.getTime() - down.since.getTime() >= facts.snowflakeDownForMs;
    if (persisted) findings.push({
      severity: 'critical',
      summary: `snowmon cannot reach Snowflake since ${down.since.toISOString()} (${down.attempts} attempts): ${down.error}`,
      labels: { alert_type: 'monitor_health', component: 'snowflake' },
      recommendation: 'Check the account URL, the network path and the service user\'s credentials (key pair, role); no check runs until it can log in.',
    });
  } else {
    for (const [check, streak] of [...facts.streaks].sort(([a], [b]) => a.localeCompare(b))) {
      if (streak.failures < facts.threshold) continue;
      findings.push({
        severity: 'warning',
        summary: `check ${check} failed ${streak.failures} runs in a row${streak.since ? ` since ${streak.since.toISOString()}` : ''}`
          + (streak.error ? `: ${streak.error}` : ''),
        labels: { alert_type: 'monitor_health', component: 'check', failing_check: check },
        recommendation: `Run \`snowmon audit --check ${check}\` to see the error; until it passes, its alerts neither fire nor resolve.`,
      });
    }
  }
  return {
    name: HEALTH_CHECK,
    status: down ? 'failed' : 'ok',
    ...(down ? { error: `snowflake unreachable: ${down.error}` } : {}),
    rows: [],
    findings,
    startedAt: now.toISOString(),
    durationMs: 0,
    statementsSent: 0,
  };
}
