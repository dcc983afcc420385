/**
 * The monitor_health alert about the store itself. While the store is unwritable that alert cannot go
 * through the ledger and the outbox, so it goes straight to the receivers its labels route to: once when
 * the outage starts, and a resolve (threaded on what the firing send returned) when a cycle is stored
 * again. Kept in memory only: a restart during the outage announces it again. It is about this replica's
 * store: it carries `replica=<this replica>`, and `account` (with the account's labels) only when one
 * account is watched; with several it concerns them all and names none, so routes that require an
 * account (`account=~".+"`) do not take it.
 */

import type { Logger } from 'pino';
import { fingerprint } from '../alerts/alert.js';
import type { Labels } from '../alerts/alert.js';
import type { Notification, NotifiedAlert, ReceiverData } from '../notifiers/notifier.js';
import { createNotifier } from '../notifiers/registry.js';
import type { NotifierDeps } from '../notifiers/registry.js';
import { formatLabels } from '../router/group.js';
import { matchRoutes } from '../router/route-tree.js';
import type { RoutingConfig } from '../router/routing-config.js';

const LABELS: Labels = Object.freeze({ alert_type: 'monitor_health', component: 'store', severity: 'critical' });
const GROUP_KEY = '{}/{alert_type="monitor_health",component="store"}';

/** Whom the outage is about, beside LABELS. */
export interface StoreOutageSubject {
  /** `replica=<this replica>`, plus `account=<name>` and the account's labels when one account is watched. */
  readonly labels: Labels;
  /** The Snowflake account a message names (only when one account is watched). */
  readonly account?: string;
}
const RUNBOOK =
  'snowmon cannot write its store, so it records and delivers no alerts: check the disk or the database ' +
  '(space, permissions, locks, credentials); alerts found meanwhile are stored by the first cycle after it recovers';

interface Announced {
  readonly route: string;
  readonly receiver: string;
  readonly previous: ReceiverData;
}

export class StoreOutageNotice {
  #announced: Announced[] = [];
  #startsAt: Date | undefined;
  #error = '';
  /** The outage's subject, fixed when it starts so its resolve matches its firing. */
  #subject: StoreOutageSubject | undefined;

  constructor(
    private readonly routing: () => RoutingConfig,
    private readonly notifierDeps: NotifierDeps,
    private readonly logger: Logger,
    private readonly subject: () => StoreOutageSubject = () => ({ labels: {} }),
  ) {}

  /** A cycle could not be stored: announce the outage once (receivers that failed are tried again next time). */
  async failed(error: string, at: Date): Promise<void> {
    this.#startsAt ??= at;
    this.#subject ??= this.subject();
    this.#error = error;
    const routing = this.routing();
    const told = new Set(this.#announced.map((a) => a.receiver));
    for (const match of matchRoutes(routing, this.#labels())) {
      if (told.has(match.receiver)) continue;
      const previous = await this.#send(routing, match.route, match.receiver, 'firing', at, undefined);
      if (previous) this.#announced.push({ route: match.route, receiver: match.receiver, previous });
    }
  }

  /** A cycle was stored again: resolve what was announced. */
  async recovered(at: Date): Promise<void> {
    if (this.#startsAt === undefined) return;
    const routing = this.routing();
    for (const announced of this.#announced) {
      await this.#send(routing, announced.route, announced.receiver, 'resolved', at, announced.previous);
    }
    this.#announced = [];
    this.#startsAt = undefined;
    this.#subject = undefined;
  }

  /** The error, after the replica that met it (several may share the store). */
  #description(labels: Labels): string {
    return labels['replica'] === undefined ? this.#error : `replica ${labels['replica']}: ${this.#error}`;
  }

  #labels(): Labels {
    return { ...this.#subject?.labels, ...LABELS };
  }

  async #send(
    routing: RoutingConfig,
    route: string,
    receiverName: string,
    status: 'firing' | 'resolved',
    at: Date,
    previous: ReceiverData | undefined,
  ): Promise<ReceiverData | undefined> {
    const receiver = routing.receivers[receiverName];
    if (!receiver) return undefined;
    const startsAt = (this.#startsAt ?? at).toISOString();
    const labels = this.#labels();
    const account = this.#subject?.account;
    const alert: NotifiedAlert = {
      fingerprint: fingerprint(labels),
      labels,
      annotations: { summary: 'snowmon cannot write its alert store', description: this.#description(labels), runbook: RUNBOOK },
      status,
      startsAt,
      ...(status === 'resolved' ? { endsAt: at.toISOString() } : {}),
    };
    const notification: Notification = {
      id: `store-outage-${startsAt}-${receiverName}-${status}`,
      receiver: receiverName,
      route,
      groupKey: `${GROUP_KEY}:${formatLabels(labels)}`,
      groupLabels: labels,
      kind: status,
      status,
      reason: 'the store is unwritable: sent directly, not through the outbox',
      alerts: [alert],
      ...(account === undefined ? {} : { account }),
      createdAt: at.toISOString(),
      ...(previous ? { previous } : {}),
    };
    const notifier = createNotifier(receiver, this.notifierDeps);
    try {
      const result = await notifier.send(notification);
      if (result.ok) return { ...previous, ...result.receiverData };
      this.logger.error({ receiver: receiverName, status, error: result.error }, 'could not send the store outage notice');
      return undefined;
    } catch (error) {
      this.logger.error({ receiver: receiverName, status, error: String(error) }, 'could not send the store outage notice');
      return undefined;
    } finally {
      await notifier.close?.();
    }
  }
}
