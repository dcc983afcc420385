/**
 * The stores, config and event sink that the pipeline's steps (ingest, flush, escalate, deliver) share,
 * built once by `Dispatcher`. A bag of dependencies; it decides nothing.
 */

import type { Kysely } from 'kysely';
import type { Fence } from '../ledger/account-fence.js';
import { AckStore } from '../ledger/ack-store.js';
import { AggregationGroupStore } from '../ledger/aggregation-group-store.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import { NotificationLog } from '../ledger/notification-log.js';
import { Outbox } from '../delivery/outbox.js';
import { SilenceStore } from '../ledger/silence-store.js';
import { BUILT_IN_NOTIFIERS, type NotifierRegistry } from '../notifiers/registry.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { DispatchEvent } from './dispatch-events.js';

export interface DispatchContext {
  readonly db: Kysely<Database>;
  readonly routing: RoutingConfig;
  /** The notifier plug-ins the routing table was validated with (whose notifier owns escalation, ...). */
  readonly notifiers: NotifierRegistry;
  readonly runbooks: Readonly<Record<string, string>>;
  /** The Snowflake account the alerts are about, named in every message. */
  readonly account?: string;
  /**
   * Fleet mode: the lease this replica holds on an account (a group's `account` label; undefined for a
   * group without one), which every write for that account's groups must still hold (group-lease.ts);
   * undefined when it holds none. Absent: nothing is fenced (SQLite, one process).
   */
  readonly fenceFor?: (account: string | undefined) => Fence | undefined;
  readonly ledger: AlertLedger;
  readonly groups: AggregationGroupStore;
  readonly log: NotificationLog;
  readonly outbox: Outbox;
  readonly silences: SilenceStore;
  readonly acks: AckStore;
  readonly emit: (event: DispatchEvent) => void;
  /** Ids for notifications. */
  readonly newId: () => string;
}

export function dispatchContext(
  db: Kysely<Database>,
  routing: RoutingConfig,
  options: {
    readonly runbooks?: Readonly<Record<string, string>>;
    /** Default the built-in notifiers. */
    readonly notifiers?: NotifierRegistry;
    readonly account?: string;
    readonly fenceFor?: (account: string | undefined) => Fence | undefined;
    readonly random?: () => number;
    readonly onEvent?: (event: DispatchEvent) => void;
    readonly newId: () => string;
  },
): DispatchContext {
  const onEvent = options.onEvent;
  return {
    db,
    routing,
    notifiers: options.notifiers ?? BUILT_IN_NOTIFIERS,
    runbooks: options.runbooks ?? {},
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.fenceFor !== undefined ? { fenceFor: options.fenceFor } : {}),
    ledger: new AlertLedger(db),
    groups: new AggregationGroupStore(db),
    log: new NotificationLog(db),
    outbox: new Outbox(db, options.random !== undefined ? { random: options.random } : {}),
    silences: new SilenceStore(db),
    acks: new AckStore(db),
    emit: (event) => {
      // A listener's failure must not break alerting.
      try {
        onEvent?.(event);
      } catch {
        /* ignored */
      }
    },
    newId: options.newId,
  };
}
