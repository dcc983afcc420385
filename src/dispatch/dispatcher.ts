/**
 * The notification pipeline as one object, from a check's findings to a provider's answer:
 *   ingest   findings → alerts (findings-to-alerts.ts) → the ledger's firing/resolved transitions →
 *            aggregation groups created or marked changed (ingest-outcomes.ts, track-groups.ts);
 *   flush    each due group: members → per-receiver decision (mute, time intervals, dedup, deliver_during)
 *            → outbox rows and notification log in one transaction (flush-groups.ts lists the stages);
 *   escalate overdue unacknowledged groups get their escalation notifications (escalate-overdue.ts);
 *   deliver  the outbox claimed, sent through the notifiers, retried with backoff (delivery/).
 * Glue only: decisions are the router's pure functions, state is the ledger's and the outbox's stores,
 * sending is the notifiers'. Every method takes `now`; nothing here reads the clock.
 */

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountIdentity } from '../alerts/account-labels.js';
import type { CheckOutcome } from '../checks/check.js';
import { ChannelRateLimit } from '../delivery/channel-rate-limit.js';
import { deliverOutbox } from '../delivery/deliver-outbox.js';
import type { DeliverySummary } from '../delivery/delivery-events.js';
import type { Fence } from '../ledger/account-fence.js';
import type { AlertTransition } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import type { Notification, Notifier } from '../notifiers/notifier.js';
import { BUILT_IN_NOTIFIERS, type createNotifier, type NotifierDeps, type NotifierRegistry } from '../notifiers/registry.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { dispatchContext, type DispatchContext } from './dispatch-context.js';
import type { DispatchEvent, FlushSummary } from './dispatch-events.js';
import { clearDeliveryHealth, notificationAccount, raiseDeliveryHealth } from './delivery-health.js';
import { escalateOverdue } from './escalate-overdue.js';
import { flushGroups } from './flush-groups.js';
import { afterTransitions, ingestOutcomes, SpendMemory } from './ingest-outcomes.js';
import { nextWakeAt } from './next-wake.js';
import { resolveRemovedAccounts, type RemovedAccountsResult } from '../ledger/resolve-removed-accounts.js';
import { storeCycle, type CycleRuns } from './store-cycle.js';

export interface DispatcherDeps {
  readonly db: Kysely<Database>;
  readonly routing: RoutingConfig;
  /** Runbook line overrides by key (alerts/runbooks.ts). */
  readonly runbooks?: Readonly<Record<string, string>>;
  /** The Snowflake account watched (`xy12345.eu-west-1`), named in every message. */
  readonly account?: string;
  /** The configured accounts: a receiver's delivery health alert about one's notifications carries its labels. */
  readonly accounts?: readonly AccountIdentity[];
  /** Fleet mode: the lease held on an account, which every write for its groups must still hold; absent: nothing is fenced. */
  readonly fenceFor?: (account: string | undefined) => Fence | undefined;
  /** Passed to createNotifier; tests inject e.g. the PagerDuty test agent. */
  readonly notifierDeps?: NotifierDeps;
  /** The notifier plug-ins (receiver type → factory, rate-limit key); default the built-ins. */
  readonly notifiers?: NotifierRegistry;
  /** Builds a notifier per receiver; default the registry's. */
  readonly createNotifier?: typeof createNotifier;
  /** Lease owner id for outbox claims (host:pid:random). */
  readonly owner: string;
  /** How long an outbox claim holds a row; default 60 s. */
  readonly leaseMs?: number;
  /** Random source for retry jitter and notification ids; default Math.random / crypto. */
  readonly random?: () => number;
  /** Typed events for logs, metrics and tests. */
  readonly onEvent?: (event: DispatchEvent) => void;
}

export const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_DELIVERY_LIMIT = 50;

export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #ctx: DispatchContext;
  readonly #spend = new SpendMemory();
  readonly #notifiers = new Map<string, Notifier>();
  readonly #rateLimit = new ChannelRateLimit();
  readonly #registry: NotifierRegistry;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#registry = deps.notifiers ?? BUILT_IN_NOTIFIERS;
    this.#ctx = dispatchContext(deps.db, deps.routing, {
      notifiers: this.#registry,
      ...(deps.runbooks !== undefined ? { runbooks: deps.runbooks } : {}),
      ...(deps.account !== undefined ? { account: deps.account } : {}),
      ...(deps.fenceFor !== undefined ? { fenceFor: deps.fenceFor } : {}),
      ...(deps.random !== undefined ? { random: deps.random } : {}),
      ...(deps.onEvent !== undefined ? { onEvent: deps.onEvent } : {}),
      newId: () => `n-${randomBytes(12).toString('hex')}`,
    });
  }

  /**
   * Findings of one run of checks → alerts in the ledger (failed checks resolve nothing) → groups created
   * or marked changed. `account`: the account the checks ran in, stamped on every alert (fleet mode).
   */
  async ingest(outcomes: readonly CheckOutcome[], now: Date, account?: AccountIdentity): Promise<AlertTransition[]> {
    return ingestOutcomes(this.#ctx, this.#spend, outcomes, now, account);
  }

  /**
   * One account's cycle in one transaction (store-cycle.ts): in fleet mode only while this replica still
   * holds the account's lease, checked in that transaction; `prepare` adds the caller's writes and names
   * the runs. `fenced`: the lease was lost and nothing was written.
   */
  async storeCycle(
    account: AccountIdentity | undefined,
    now: Date,
    prepare: (trx: Kysely<Database>) => Promise<CycleRuns>,
  ): Promise<AlertTransition[] | 'fenced'> {
    return storeCycle(this.#ctx, this.#spend, account, now, prepare);
  }

  /**
   * Ends the firing alerts of every account not in `configured` (removed from the config; those another
   * replica still holds are left, see resolve-removed-accounts.ts), then their groups' timers follow, so
   * each receiver told they fired hears they resolved at the groups' next flush.
   */
  async resolveRemovedAccounts(configured: readonly string[], now: Date): Promise<RemovedAccountsResult> {
    const result = await resolveRemovedAccounts(this.#ctx.db, configured, now);
    await afterTransitions(this.#ctx, result.transitions, now);
    return result;
  }

  /**
   * Every due group → routeAlerts → outbox rows and notification-log writes in one transaction per group;
   * deferred groups wake when their window opens; then escalations of overdue unacknowledged groups.
   * `ignoreGroupWait` treats a new group's group_wait as elapsed (one-shot `audit --notify`).
   */
  async flush(now: Date, options: { readonly ignoreGroupWait?: boolean } = {}): Promise<FlushSummary> {
    const groups = await flushGroups(this.#ctx, now, options.ignoreGroupWait === true);
    const escalations = await escalateOverdue(this.#ctx, now);
    return { groups: groups.groups, enqueued: groups.enqueued + escalations, deferred: groups.deferred, escalations };
  }

  /** One delivery pass over the due outbox rows (at most `limit`, default 50). */
  async deliver(now: Date, options: { readonly limit?: number } = {}): Promise<DeliverySummary> {
    const ctx = this.#ctx;
    return deliverOutbox(
      {
        outbox: ctx.outbox,
        log: ctx.log,
        owner: this.#deps.owner,
        leaseMs: this.#deps.leaseMs ?? DEFAULT_LEASE_MS,
        notifierFor: (receiver) => this.#notifier(receiver),
        channelOf: (receiver) => {
          const config = ctx.routing.receivers[receiver];
          return config === undefined ? undefined : this.#registry.rateLimitKey(config);
        },
        rateLimit: this.#rateLimit,
        emit: ctx.emit,
        onDelivered: async (receiver, at) => afterTransitions(ctx, await clearDeliveryHealth(ctx.ledger, receiver, at, this.#deps.accounts), at),
        onDead: async (receiver, error, at, notification) =>
          afterTransitions(ctx, await raiseDeliveryHealth(ctx.ledger, receiver, error, ctx.runbooks, at, this.#accountOf(notification)), at),
      },
      now,
      options.limit ?? DEFAULT_DELIVERY_LIMIT,
    );
  }

  /** The earliest time anything is due (flush, deferred window, retry, lapsed lease, escalation). */
  async nextWakeAt(now: Date): Promise<Date | undefined> {
    return nextWakeAt(this.#ctx, now);
  }

  /** Closes the notifiers (not the store). */
  async close(): Promise<void> {
    const notifiers = [...this.#notifiers.values()];
    this.#notifiers.clear();
    await Promise.all(notifiers.map((n) => n.close?.() ?? Promise.resolve()));
  }

  /** The account a notification's alerts belong to, with its labels when it is configured. */
  #accountOf(notification: Notification): AccountIdentity | undefined {
    const name = notificationAccount(notification);
    if (name === undefined) return undefined;
    const accounts = this.#deps.accounts;
    if (accounts === undefined) return { name, labels: {} };
    // An account no longer configured (its alerts' resolve went dead): raised under none, so it is cleared.
    return accounts.find((a) => a.name === name);
  }

  #notifier(receiver: string): Notifier | undefined {
    const existing = this.#notifiers.get(receiver);
    if (existing !== undefined) return existing;
    const config = this.#ctx.routing.receivers[receiver];
    if (config === undefined) return undefined;
    const create = this.#deps.createNotifier ?? this.#registry.create;
    const notifier = create(config, {
      timeZone: this.#ctx.routing.timezone,
      ...this.#deps.notifierDeps,
    });
    this.#notifiers.set(receiver, notifier);
    return notifier;
  }
}
