/**
 * snowmon's own `monitor_health` alerts about itself, as a check outcome named `snowmon_health`: Snowflake
 * unreachable or refusing the login (once the failure persists, as an Alertmanager rule's `for:`),
 * checks failing N runs in a row, and checks left partial by a grant snowmon's role lacks (one alert per
 * check, at once: a missing grant does not go away by waiting). `HealthState` remembers the facts
 * between cycles; `healthOutcome` is the pure decision. Delivery failures are dispatch/delivery-health.ts's.
 */

import type { CheckOutcome, Finding, RefusedObject } from '../checks/check.js';

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
  /** Checks whose latest ok-or-partial run was `partial`: what Snowflake refused them. */
  readonly partial?: ReadonlyMap<string, readonly RefusedObject[]>;
}

/** Failed attempts in a row before the Snowflake alert fires, whatever `snowflake_down_for` says. */
export const SNOWFLAKE_MIN_ATTEMPTS = 2;

/** The health facts, kept across cycles of both loops. */
export class HealthState {
  #snowflake: { error: string; since: Date; attempts: number } | undefined;
  readonly #streaks = new Map<string, CheckStreak>();
  readonly #partial = new Map<string, readonly RefusedObject[]>();

  snowflakeFailed(error: string, at: Date): void {
    this.#snowflake = { error, since: this.#snowflake?.since ?? at, attempts: (this.#snowflake?.attempts ?? 0) + 1 };
  }

  snowflakeOk(): void {
    this.#snowflake = undefined;
  }

  setStreak(check: string, streak: CheckStreak): void {
    this.#streaks.set(check, streak);
  }

  /**
   * What the latest run of `check` could not read: a `partial` run sets it, an `ok` run clears it, a
   * `failed` run says nothing about grants and leaves it as it was.
   */
  recordRun(outcome: CheckOutcome): void {
    if (outcome.status === 'partial') this.#partial.set(outcome.name, outcome.refused ?? []);
    else if (outcome.status === 'ok') this.#partial.delete(outcome.name);
  }

  facts(threshold: number, snowflakeDownForMs = 0): HealthFacts {
    return {
      ...(this.#snowflake ? { snowflake: { ...this.#snowflake } } : {}),
      streaks: new Map(this.#streaks),
      threshold,
      snowflakeDownForMs,
      partial: new Map(this.#partial),
    };
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
    if (persisted)
      findings.push({
        severity: 'critical',
        summary: `snowmon cannot reach Snowflake since ${down.since.toISOString()} (${down.attempts} attempts): ${down.error}`,
        labels: { alert_type: 'monitor_health', component: 'snowflake' },
        recommendation: "Check the account URL, the network path and the service user's credentials (key pair, role); no check runs until it can log in.",
      });
  } else {
    for (const [check, streak] of [...facts.streaks].sort(([a], [b]) => a.localeCompare(b))) {
      if (streak.failures < facts.threshold) continue;
      findings.push({
        severity: 'warning',
        summary:
          `check ${check} failed ${streak.failures} runs in a row${streak.since ? ` since ${streak.since.toISOString()}` : ''}` +
          (streak.error ? `: ${streak.error}` : ''),
        labels: { alert_type: 'monitor_health', component: 'check', failing_check: check },
        recommendation: `Run \`snowmon audit --check ${check}\` to see the error; until it passes, its alerts neither fire nor resolve.`,
      });
    }
    for (const [check, refused] of [...(facts.partial ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
      const grants = [...new Set(refused.map((r) => r.grant).filter((g): g is string => g !== undefined))];
      findings.push({
        severity: 'warning',
        summary: `check ${check} is partial: Snowflake refused ${refused.map((r) => r.object).join(', ') || 'a statement'} to snowmon's role`,
        labels: { alert_type: 'monitor_health', component: 'grants', failing_check: check },
        recommendation:
          `${grants.length > 0 ? `As ACCOUNTADMIN: ${grants.map((g) => `${g};`).join(' ')} ` : ''}` +
          'Until then its other findings are reported but none of its alerts resolve.',
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
