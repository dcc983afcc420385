/**
 * One delivery pass over the outbox: claim due rows with a lease, send each through its receiver's
 * notifier, then mark it sent (merging what the provider returned into the notification log, so later
 * sends thread, update and resolve) or failed (retry with backoff honouring Retry-After; dead when
 * permanent or out of attempts). A row that must wait (its Slack channel's 1 message/s, or an older
 * notification of the same group and receiver still unsent) is released, never slept on: to when its
 * turn comes (the n-th row waiting for a channel to its n-th free second), so a backlog is not claimed
 * and released again every second, and the older-row check reads each (group, receiver) once per pass.
 */

import type { NotificationLog } from '../ledger/notification-log.js';
import type { Notification, Notifier, SendResult } from '../notifiers/notifier.js';
import type { ChannelRateLimit } from './channel-rate-limit.js';
import type { DeliveryEvent, DeliverySummary } from './delivery-events.js';
import type { Outbox } from './outbox.js';
import { queuedByText, type OutboxEntry } from './outbox-entry.js';

export interface DeliverOutboxDeps {
  readonly outbox: Outbox;
  readonly log: NotificationLog;
  /** Lease owner id (host:pid:random). */
  readonly owner: string;
  /** How long a claim holds a row; a crash mid-send frees it after this. */
  readonly leaseMs: number;
  /** The notifier for a receiver name; undefined when the routing table no longer has it. */
  readonly notifierFor: (receiver: string) => Notifier | undefined;
  /** The Slack channel a receiver posts to (rate-limited), undefined for other receivers. */
  readonly channelOf: (receiver: string) => string | undefined;
  readonly rateLimit: ChannelRateLimit;
  readonly emit: (event: DeliveryEvent) => void;
  /** After a successful send (e.g. resolve the receiver's health alert). */
  readonly onDelivered: (receiver: string, now: Date) => Promise<void>;
  /** After a row went dead (e.g. raise the receiver's health alert, under the account its alerts belong to). */
  readonly onDead: (receiver: string, error: string, now: Date, notification: Notification) => Promise<void>;
}

type Outcome = 'sent' | 'failed' | 'dead' | 'released' | 'lost';

/** What one pass learnt, so rows after the first of a (group, receiver) or a channel need no query. */
interface PassMemory {
  /** Per `group \0 receiver`: undefined when nothing older waits, else when the newest row ahead of the next one may go. */
  readonly blocked: Map<string, Date | undefined>;
  /** Per Slack channel: rows released this pass because the channel was busy. */
  readonly queued: Map<string, number>;
}

export async function deliverOutbox(deps: DeliverOutboxDeps, now: Date, limit: number): Promise<DeliverySummary> {
  const claimed = await deps.outbox.claim(deps.owner, deps.leaseMs, now, limit);
  // Oldest first, so a group's earlier notification goes before its later ones.
  const rows = [...claimed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const counts: Record<Outcome, number> = { sent: 0, failed: 0, dead: 0, released: 0, lost: 0 };
  const memory: PassMemory = { blocked: new Map(), queued: new Map() };
  for (const row of rows) counts[await deliverOne(deps, row, now, memory)] += 1;
  return { claimed: claimed.length, sent: counts.sent, failed: counts.failed, dead: counts.dead, released: counts.released };
}

async function deliverOne(deps: DeliverOutboxDeps, row: OutboxEntry, now: Date, memory: PassMemory): Promise<Outcome> {
  const pair = `${row.groupKey}\u0000${row.receiver}`;
  const blockedUntil = memory.blocked.has(pair) ? memory.blocked.get(pair) : await deps.outbox.olderUnsentDue(row, now);
  if (blockedUntil !== undefined) {
    memory.blocked.set(pair, blockedUntil);
    return release(deps, row, blockedUntil, 'an older notification of this group is not sent yet', now);
  }
  const channel = deps.channelOf(row.receiver);
  if (channel !== undefined) {
    const decision = deps.rateLimit.take(channel, now);
    if (!decision.allowed) {
      // The n-th row turned away from a busy channel in this pass waits for the channel's n-th free second.
      const ahead = memory.queued.get(channel) ?? 0;
      memory.queued.set(channel, ahead + 1);
      const until = new Date(now.getTime() + decision.waitMs + ahead * 1000);
      memory.blocked.set(pair, until);
      return release(deps, row, until, `slack ${channel}: 1 message per second`, now);
    }
  }
  const notifier = deps.notifierFor(row.receiver);
  const previous = (await deps.log.get(row.groupKey, row.receiver))?.receiverData;
  const notification = previous !== undefined && Object.keys(previous).length > 0 ? { ...row.notification, previous } : row.notification;
  const result: SendResult =
    notifier === undefined
      ? { ok: false, retryable: false, error: `receiver ${row.receiver} is not in the routing table` }
      : await notifier.send(notification).catch((error: unknown): SendResult => ({
          ok: false,
          retryable: true,
          error: `notifier threw: ${error instanceof Error ? error.message : String(error)}`,
        }));

  if (result.ok) {
    const marked = await deps.outbox.markSent(row.id, deps.owner, result.providerResponse, now);
    if (Object.keys(result.receiverData).length > 0) await deps.log.mergeReceiverData(row.groupKey, row.receiver, result.receiverData);
    deps.emit({
      type: 'notification_sent',
      at: now,
      id: row.id,
      receiver: row.receiver,
      groupKey: row.groupKey,
      kind: row.notification.kind,
      ...(channel !== undefined ? { channel } : {}),
      ...queuedBy(row),
      providerResponse: marked ? result.providerResponse : `${result.providerResponse} (lease lost: another owner may send it again)`,
    });
    await deps.onDelivered(row.receiver, now);
    return marked ? 'sent' : 'lost';
  }
  const outcome = await deps.outbox.markFailed(
    row.id,
    deps.owner,
    { error: result.error, retryable: result.retryable, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) },
    now,
  );
  if (outcome === undefined) return 'lost';
  if (outcome.status === 'failed') {
    memory.blocked.set(pair, outcome.nextAttemptAt);
    deps.emit({
      type: 'notification_failed',
      at: now,
      id: row.id,
      receiver: row.receiver,
      error: result.error,
      nextAttemptAt: outcome.nextAttemptAt,
      ...queuedBy(row),
    });
    return 'failed';
  }
  deps.emit({ type: 'notification_dead', at: now, id: row.id, receiver: row.receiver, error: result.error, reason: outcome.reason, ...queuedBy(row) });
  await deps.onDead(row.receiver, result.error, now, row.notification);
  return 'dead';
}

/** Who queued the row, for the events (fleet mode; nothing without a fence). */
function queuedBy(row: OutboxEntry): { queuedBy?: string } {
  const text = queuedByText(row);
  return text === undefined ? {} : { queuedBy: text };
}

async function release(deps: DeliverOutboxDeps, row: OutboxEntry, until: Date, reason: string, now: Date): Promise<Outcome> {
  if (!(await deps.outbox.release(row.id, deps.owner, until))) return 'lost';
  deps.emit({ type: 'notification_released', at: now, id: row.id, receiver: row.receiver, until, reason });
  return 'released';
}
