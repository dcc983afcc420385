/**
 * The daemon's Prometheus metrics on one private prom-client Registry (never the global one), with typed
 * helpers to record each: check runs, alerts firing, notifications, outbox depth, Snowflake statements
 * and self-cost, plus the default process metrics. It records; it does not decide what to record.
 */

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `partial`: a statement was refused for a missing grant and the check kept what the others found. */
export type CheckRunStatus = 'ok' | 'partial' | 'failed' | 'timeout';
export type NotificationResult = 'sent' | 'failed' | 'retried';

/** What the outbox looks like right now, read when /metrics is scraped. */
export interface OutboxStats {
  readonly depth: number;
  /** Age of the oldest unsent notification, in seconds; 0 when empty. */
  readonly oldestAgeSeconds: number;
}

export interface DaemonMetrics {
  readonly registry: Registry;
  /** One finished check run of an account (fleet mode: the `account` label) and how long it took. */
  recordCheckRun(check: string, status: CheckRunStatus, durationSeconds: number, account?: string): void;
  /** The number of alerts firing now, per alert_type (types absent from `counts` are set to 0). */
  setAlertsFiring(counts: Readonly<Record<string, number>>): void;
  recordNotification(receiver: string, result: NotificationResult): void;
  /** One statement sent to Snowflake, and whether it failed. */
  recordStatement(check: string, failed: boolean, account?: string): void;
  /** Credits snowmon itself spent in the self-cost window, in an account. */
  setSelfCostCredits(credits: number, account?: string): void;
  /** Whether this daemon holds the lease (1) or waits (0). */
  setLeader(leading: boolean): void;
  /** A scheduled job's run ended well at `at` (alert on `time() - this` growing). */
  recordJobSuccess(job: string, at: Date, account?: string): void;
  /** Fleet mode: which of the configured accounts this replica holds now. */
  setAccountsHeld(held: readonly string[], configured: readonly string[]): void;
}

export interface MetricsOptions {
  /** Read on every scrape for the outbox gauges; absent → the gauges stay 0. */
  readonly outboxStats?: () => Promise<OutboxStats> | OutboxStats;
  /** Read on every scrape for the firing-alerts gauge (counts by alert_type); absent → set by `setAlertsFiring` only. */
  readonly alertsFiring?: () => Promise<Readonly<Record<string, number>>>;
  /** Default process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean;
  /** Prefix of every metric name; default `snowmon_`. */
  readonly prefix?: string;
}

/** A fresh registry with every snowmon metric registered. */
export function createMetrics(options: MetricsOptions = {}): DaemonMetrics {
  const registry = new Registry();
  const p = options.prefix ?? 'snowmon_';
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: p });
  const knownTypes = new Set<string>();
  const setAlertsFiring = (counts: Readonly<Record<string, number>>) => {
    for (const t of Object.keys(counts)) knownTypes.add(t);
    for (const t of knownTypes) m.alertsFiring.set({ alert_type: t }, counts[t] ?? 0);
  };
  const read = options.alertsFiring;
  // A store that cannot answer keeps the last counts (its own alerts say so).
  const collectFiring = async () => {
    const counts = await read?.().catch(() => undefined);
    if (counts !== undefined) setAlertsFiring(counts);
  };
  const m = registerInstruments(registry, p, read && collectFiring);
  registerOutboxGauges(registry, p, options.outboxStats);

  return {
    registry,
    recordCheckRun(check, status, durationSeconds, account) {
      m.checkRuns.inc({ ...of(account), check, status });
      m.checkDuration.observe({ ...of(account), check, status }, durationSeconds);
    },
    setAlertsFiring,
    recordNotification(receiver, result) {
      m.notifications.inc({ receiver, result });
    },
    recordStatement(check, failed, account) {
      m.statements.inc({ ...of(account), check });
      if (failed) m.statementErrors.inc({ ...of(account), check });
    },
    setSelfCostCredits(credits, account) {
      m.selfCost.set(of(account), credits);
    },
    setLeader(leading) {
      m.leader.set(leading ? 1 : 0);
    },
    recordJobSuccess(job, at, account) {
      m.lastSuccess.set({ ...of(account), job }, at.getTime() / 1000);
    },
    setAccountsHeld(held, configured) {
      const mine = new Set(held);
      m.accountHeld.reset();
      for (const account of configured) m.accountHeld.set({ account }, mine.has(account) ? 1 : 0);
      m.accountsHeld.set(configured.filter((a) => mine.has(a)).length);
    },
  };
}

/** The `account` label of a per-account series; none when the caller has no account. */
function of(account: string | undefined): { account?: string } {
  return account === undefined ? {} : { account };
}

/** The metrics snowmon records into, registered on `registry` with names prefixed by `p`. */
function registerInstruments(registry: Registry, p: string, collectFiring?: () => Promise<void>) {
  const checkRuns = new Counter({
    name: `${p}check_runs_total`,
    help: 'Check runs by account, check and status.',
    labelNames: ['account', 'check', 'status'],
    registers: [registry],
  });
  const checkDuration = new Histogram({
    name: `${p}check_duration_seconds`,
    help: 'Check run duration by account, check and status.',
    labelNames: ['account', 'check', 'status'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const alertsFiring = new Gauge({
    name: `${p}alerts_firing`,
    help: 'Alerts firing now, by alert_type.',
    labelNames: ['alert_type'],
    registers: [registry],
    ...(collectFiring ? { collect: collectFiring } : {}),
  });
  const notifications = new Counter({
    name: `${p}notifications_total`,
    help: 'Notification attempts by receiver and result.',
    labelNames: ['receiver', 'result'],
    registers: [registry],
  });
  const statements = new Counter({
    name: `${p}snowflake_statements_total`,
    help: 'Statements sent to Snowflake, by account and check.',
    labelNames: ['account', 'check'],
    registers: [registry],
  });
  const statementErrors = new Counter({
    name: `${p}snowflake_statement_errors_total`,
    help: 'Statements that failed, by account and check.',
    labelNames: ['account', 'check'],
    registers: [registry],
  });
  const selfCost = new Gauge({
    name: `${p}self_cost_credits`,
    help: 'Credits snowmon itself spent in the self-cost window, by account.',
    labelNames: ['account'],
    registers: [registry],
  });
  const leader = new Gauge({
    name: `${p}leader`,
    help: '1 when this daemon holds the lease and does the work, 0 on a standby; 1 on every replica sharing accounts (each delivers; snowmon_account_held says what it watches).',
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: `${p}job_last_success_timestamp_seconds`,
    help: 'When each scheduled job of each account last finished well (Unix seconds).',
    labelNames: ['account', 'job'],
    registers: [registry],
  });
  const accountHeld = new Gauge({
    name: `${p}account_held`,
    help: 'Fleet mode: 1 for each configured account this replica watches now, 0 for the others.',
    labelNames: ['account'],
    registers: [registry],
  });
  const accountsHeld = new Gauge({
    name: `${p}accounts_held`,
    help: 'Fleet mode: how many accounts this replica watches now.',
    registers: [registry],
  });
  return { checkRuns, checkDuration, alertsFiring, notifications, statements, statementErrors, selfCost, leader, lastSuccess, accountHeld, accountsHeld };
}

/** The two outbox gauges, read from `outboxStats` when /metrics is scraped (0 without it). */
function registerOutboxGauges(registry: Registry, p: string, outboxStats: MetricsOptions['outboxStats']): void {
  // Both outbox gauges come from one read per scrape: prom-client collects metrics concurrently, so the
  // second gauge joins the read the first one started.
  let pending: Promise<OutboxStats> | undefined;
  const readOutbox = (): Promise<OutboxStats> => {
    if (!outboxStats) return Promise.resolve({ depth: 0, oldestAgeSeconds: 0 });
    pending ??= Promise.resolve()
      .then(outboxStats)
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  new Gauge({
    name: `${p}outbox_depth`,
    help: 'Notifications waiting in the outbox.',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).depth);
    },
  });
  new Gauge({
    name: `${p}outbox_oldest_age_seconds`,
    help: 'Age of the oldest notification waiting in the outbox.',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).oldestAgeSeconds);
    },
  });
}
