/**
 * snowmon's own `monitor_health` alerts about itself, as a check outcome named `snowmon_health`: Snowflake
 * unreachable or refusing the login, and checks failing N runs in a row. `HealthState` remembers the facts
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
  /** Set while snowmon cannot open a Snowflake session (or lost it): why, and since when. */
  readonly snowflake?: { readonly error: string; readonly since: Date };
  readonly streaks: ReadonlyMap<string, CheckStreak>;
  readonly threshold: number;
}

/** The health facts, kept across cycles of both loops. */
export class HealthState {
  #snowflake: { error: string; since: Date } | undefined;
  readonly #streaks = new Map<string, CheckStreak>();

  snowflakeFailed(error: string, at: Date): void {
    this.#snowflake = { error, since: this.#snowflake?.since ?? at };
  }

  snowflakeOk(): void {
    this.#snowflake = undefined;
  }

  setStreak(check: string, streak: CheckStreak): void {
    this.#streaks.set(check, streak);
  }

  facts(threshold: number): HealthFacts {
    return { ...(this.#snowflake ? { snowflake: { ...this.#snowflake } } : {}), streaks: new Map(this.#streaks), threshold };
  }
}

/**
 * The `snowmon_health` run for these facts. While Snowflake is down the run is `failed` (snowmon cannot
 * see its checks, so nothing it reported resolves); once a session works the run is `ok` and the alerts
 * no longer observed resolve.
 */
export function healthOutcome(facts: HealthFacts, now: Date): CheckOutcome {
  const findings: Finding[] = [];
  if (facts.snowflake) {
    findings.push({
      severity: 'critical',
      summary: `snowmon cannot reach Snowflake since ${facts.snowflake.since.toISOString()}: ${facts.snowflake.error}`,
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
    status: facts.snowflake ? 'failed' : 'ok',
    ...(facts.snowflake ? { error: `snowflake unreachable: ${facts.snowflake.error}` } : {}),
    rows: [],
    findings,
    startedAt: now.toISOString(),
    durationMs: 0,
    statementsSent: 0,
  };
}
