/**
 * The record stage of a group flush, in one transaction: per receiver, an outbox row and a
 * notification-log write for a send, the log write alone for a skip that must still change it (all
 * resolved with send_resolved off, as Alertmanager's retry stage reports such a flush as sent so its log
 * clears), nothing for a deferral; then the group's next flush, or its removal when it is over.
 * Unlike Alertmanager, whose set-notifies stage logs after a successful send, the log is written here,
 * with the outbox row: the row is the durable promise to send (at least once, retried by delivery/).
 */

import type { Kysely } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import { Outbox } from '../delivery/outbox.js';
import type { Fence } from '../ledger/account-fence.js';
import { AggregationGroupStore, type AggregationGroup } from '../ledger/aggregation-group-store.js';
import type { Database } from '../ledger/database.js';
import { NotificationLog, type NotificationLogEntry } from '../ledger/notification-log.js';
import { transaction } from '../ledger/transaction.js';
import { dueAt } from '../router/business-clock.js';
import { planFlush } from '../router/group.js';
import type { MatchedRoute } from '../router/route-tree.js';
import { buildNotification } from './build-notification.js';
import type { ReceiverDecision } from './decide-receivers.js';
import type { DispatchContext } from './dispatch-context.js';
import type { DispatchEvent } from './dispatch-events.js';
import { groupLease, leaseAccount, writable } from './group-lease.js';
import type { GroupMembers } from './group-members.js';
import { routeTimeZone } from './route-time-zone.js';

/** What the record stage wrote, for the events emitted once it committed. */
interface FlushRecord {
  readonly events: DispatchEvent[];
  /** The earliest deferral's end: the group's next flush when set. */
  deferUntil?: Date;
  /** A notification was enqueued. */
  sent: boolean;
  /** Some receiver knows of firing alerts in the group (so it is not over). */
  announced: boolean;
}

/** The transaction's stores, the group's alerts by fingerprint, and the account lease its writes carry. */
interface Scope {
  readonly trx: Kysely<Database>;
  readonly outbox: Outbox;
  readonly nflog: NotificationLog;
  readonly alerts: ReadonlyMap<string, Alert>;
  readonly fence?: Fence;
}

/**
 * Writes the flush's decisions and schedules the group; returns the events to emit after commit. In
 * fleet mode it first checks, in the same transaction, that this replica still holds the group's account
 * lease; if not, it writes nothing and returns a `fenced` event.
 */
export async function recordFlush(
  ctx: DispatchContext,
  group: AggregationGroup,
  members: GroupMembers,
  decided: readonly ReceiverDecision[],
  now: Date,
): Promise<readonly DispatchEvent[]> {
  return transaction(ctx.db, async (trx) => {
    const lease = groupLease(ctx, group.labels);
    if (lease.kind !== 'unfenced' && !(await writable(trx, lease))) {
      return [{ type: 'fenced', at: now, groupKey: group.groupKey, account: leaseAccount(lease) }];
    }
    const alerts = new Map([...members.firing, ...members.resolved].map((a) => [a.fingerprint, a]));
    const fence = lease.kind === 'held' ? { fence: lease.fence } : {};
    const scope: Scope = { trx, outbox: new Outbox(trx), nflog: new NotificationLog(trx), alerts, ...fence };
    const record: FlushRecord = { events: [], sent: false, announced: false };
    for (const decision of decided) await recordDecision(ctx, scope, group, members, decision, record, now);
    await scheduleGroup(trx, group, members, record, now);
    return record.events;
  });
}

async function recordDecision(
  ctx: DispatchContext,
  w: Scope,
  group: AggregationGroup,
  members: GroupMembers,
  { target, action }: ReceiverDecision,
  record: FlushRecord,
  now: Date,
): Promise<void> {
  const entry = members.entries.find((e) => e.receiver === action.receiver);
  const toldFiring = (entry?.firingFingerprints.length ?? 0) > 0;
  if (action.action === 'defer') {
    record.deferUntil = record.deferUntil === undefined || action.until < record.deferUntil ? action.until : record.deferUntil;
    record.events.push({ type: 'deferred', at: now, groupKey: group.groupKey, receiver: action.receiver, until: action.until });
    if (toldFiring) record.announced = true;
    return;
  }
  const log = action.record;
  if (log === undefined) {
    if (toldFiring) record.announced = true;
    return;
  }
  if (log.firing.length > 0) record.announced = true;
  const write = { groupKey: group.groupKey, receiver: action.receiver, firingFingerprints: log.firing, resolvedFingerprints: log.resolved, sentAt: now };
  if (action.action === 'skip') {
    await w.nflog.put(write, { db: w.trx });
    return;
  }
  const due = responseDue(ctx, target, entry, log.firing.length > 0, now);
  const notification = buildNotification({
    id: ctx.newId(),
    receiver: action.receiver,
    route: group.route,
    groupKey: group.groupKey,
    groupLabels: group.labels,
    kind: action.kind,
    reason: action.reason,
    firing: pick(w.alerts, action.firing),
    resolved: pick(w.alerts, action.resolved),
    ...(due !== undefined ? { dueAt: due } : {}),
    // Fleet mode names each group's own account (its account label); one account names the dispatcher's.
    ...((ctx.account ?? group.labels['account']) !== undefined ? { account: ctx.account ?? group.labels['account'] } : {}),
    timeZone: routeTimeZone(ctx.routing, members.route),
    now,
  });
  await w.outbox.enqueue(notification, { db: w.trx, ...(w.fence !== undefined ? { fence: w.fence } : {}) });
  await w.nflog.put({ ...write, ...(due !== undefined ? { dueAt: due } : {}) }, { db: w.trx });
  record.sent = true;
  record.events.push({ type: 'notification_enqueued', at: now, id: notification.id, receiver: action.receiver, groupKey: group.groupKey, kind: action.kind });
}

/** The group's next flush (repeat, group_interval or the deferred window's opening), or its removal when over. */
async function scheduleGroup(trx: Kysely<Database>, group: AggregationGroup, members: GroupMembers, record: FlushRecord, now: Date): Promise<void> {
  const groups = new AggregationGroupStore(trx);
  if (members.firing.length === 0 && !record.announced && record.deferUntil === undefined) {
    await groups.remove(group.route, group.groupKey);
    return;
  }
  const lastNotifiedAt = record.sent ? now : latest(members.entries);
  const planned = planFlush(
    { createdAt: group.firstSeenAt, lastFlushAt: now, changed: false, ...(lastNotifiedAt !== undefined ? { lastNotifiedAt } : {}) },
    members.route.timers,
    now,
  ).at;
  // A route's receivers share its window: deferred means nothing is sent before it opens.
  await groups.put({ ...group, nextFlushAt: record.deferUntil ?? planned, lastFlushAt: now }, { db: trx });
}

function pick(alerts: ReadonlyMap<string, Alert>, fingerprints: readonly string[]): Alert[] {
  return fingerprints.flatMap((fp) => alerts.get(fp) ?? []);
}

/** The response deadline: kept from the episode's first notification, computed when this one starts it. */
function responseDue(ctx: DispatchContext, target: MatchedRoute, entry: NotificationLogEntry | undefined, firing: boolean, now: Date): Date | undefined {
  const newEpisode = entry === undefined || entry.firingFingerprints.length === 0;
  if (!newEpisode) return entry.dueAt;
  if (!firing || target.response === undefined) return undefined;
  return dueAt(target.response, now, ctx.routing);
}

function latest(entries: readonly NotificationLogEntry[]): Date | undefined {
  const times = entries.map((e) => e.sentAt.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}
