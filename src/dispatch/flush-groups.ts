/**
 * The flush step: every aggregation group whose timer is due is evaluated by the router (routeAlerts:
 * mute, dedup, deliver_during), and its outcome is written in one transaction: outbox rows for sends,
 * notification-log writes of the router's `record` (so resolve_suppressed keeps working), and the
 * group's next flush (repeat, group_interval or the deferred window's opening). No sending here.
 */

import type { Alert } from '../alerts/alert.js';
import { AggregationGroupStore, type AggregationGroup } from '../ledger/aggregation-group-store.js';
import { breathe } from '../ledger/breathe.js';
import type { NotificationLogEntry } from '../ledger/notification-log.js';
import { NotificationLog } from '../ledger/notification-log.js';
import { Outbox } from '../delivery/outbox.js';
import type { Silence as StoredSilence } from '../ledger/silence-store.js';
import { transaction } from '../ledger/transaction.js';
import { dueAt } from '../router/business-clock.js';
import type { NotificationLogEntry as RouterLogEntry } from '../router/dedup.js';
import { planFlush } from '../router/group.js';
import { inhibitor } from '../router/inhibit.js';
import { allMuters, type Muter } from '../router/muter.js';
import { routeAlerts, type ReceiverAction } from '../router/route-alerts.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { Silence } from '../router/routing-config.js';
import { silencer } from '../router/silence.js';
import { timeMuteReason, windowState } from '../router/time-windows.js';
import type { DispatchContext } from './dispatch-context.js';
import type { DispatchEvent } from './dispatch-events.js';
import { alertGroups } from './alert-groups.js';
import { buildNotification } from './build-notification.js';
import { isHealthAlertAbout } from './delivery-health.js';
import { parseMatcherTexts } from './ingest-outcomes.js';
import { routeTimeZone } from './route-time-zone.js';

export interface GroupFlushCounts {
  readonly groups: number;
  readonly enqueued: number;
  readonly deferred: number;
}

interface FlushInputs {
  readonly muter: Muter;
  /** Firing alerts per group (`route \0 groupKey`), and each group's targets. */
  readonly members: ReadonlyMap<string, Alert[]>;
  readonly targets: ReadonlyMap<string, readonly MatchedRoute[]>;
}

/** Flushes every due group; with `ignoreGroupWait` a group never flushed counts as due. */
export async function flushGroups(ctx: DispatchContext, now: Date, ignoreGroupWait: boolean): Promise<GroupFlushCounts> {
  const due = (await ctx.groups.all()).filter((g) => g.nextFlushAt <= now || (ignoreGroupWait && g.lastFlushAt === undefined));
  if (due.length === 0) return { groups: 0, enqueued: 0, deferred: 0 };
  const inputs = await flushInputs(ctx, now);
  let enqueued = 0;
  let deferred = 0;
  for (const group of due) {
    await breathe();
    const counts = await flushGroup(ctx, inputs, group, now);
    enqueued += counts.enqueued;
    deferred += counts.deferred;
  }
  return { groups: due.length, enqueued, deferred };
}

async function flushInputs(ctx: DispatchContext, now: Date): Promise<FlushInputs> {
  const firing = await ctx.ledger.active();
  const stored = await ctx.silences.list({ activeAt: now });
  const muter = allMuters([
    inhibitor(ctx.routing.inhibitRules, firing),
    silencer([...ctx.routing.silences, ...stored.flatMap(routerSilence)]),
  ]);
  const members = new Map<string, Alert[]>();
  const targets = new Map<string, readonly MatchedRoute[]>();
  for (const [i, alert] of firing.entries()) {
    if (i > 0 && i % 500 === 0) await breathe(); // routing a storm's alerts is seconds of CPU otherwise
    for (const ref of alertGroups(ctx.routing, alert.labels)) {
      const key = `${ref.route}\u0000${ref.groupKey}`;
      const list = members.get(key);
      if (list === undefined) members.set(key, [alert]);
      else list.push(alert);
      targets.set(key, ref.targets);
    }
  }
  return { muter, members, targets };
}

function routerSilence(s: StoredSilence): Silence[] {
  const matchers = parseMatcherTexts(s.matchers);
  if (matchers === undefined) return [];
  return [{ id: s.id, matchers, startsAt: s.startsAt, endsAt: s.endsAt, comment: s.comment, createdBy: s.createdBy }];
}

async function flushGroup(ctx: DispatchContext, inputs: FlushInputs, group: AggregationGroup, now: Date): Promise<{ enqueued: number; deferred: number }> {
  const key = `${group.route}\u0000${group.groupKey}`;
  const route = ctx.routing.routes.find((r) => r.name === group.route);
  const entries = await ctx.log.forGroup(group.groupKey);
  const firing = inputs.members.get(key) ?? [];
  const firingIds = new Set(firing.map((a) => a.fingerprint));
  // Alerts a receiver was told are firing that no longer fire in this group: their resolve is owed.
  const owed = [...new Set(entries.flatMap((e) => e.firingFingerprints))].filter((fp) => !firingIds.has(fp));
  const stored = new Map((await ctx.ledger.getMany(owed)).map((a) => [a.fingerprint, a]));
  const resolved = owed.flatMap((fp) => (stored.get(fp)?.status === 'resolved' ? [stored.get(fp)!] : []));
  const all = [...firing, ...resolved];
  const targets = inputs.targets.get(key)
    ?? (resolved[0] !== undefined
      ? alertGroups(ctx.routing, resolved[0].labels).find((r) => r.route === group.route && r.groupKey === group.groupKey)?.targets
      : undefined)
    ?? [];
  if (route === undefined || targets.length === 0) {
    await ctx.groups.remove(group.route, group.groupKey);
    ctx.emit({ type: 'group_flushed', at: now, route: group.route, groupKey: group.groupKey, actions: ['group dropped: nothing left to tell'] });
    return { enqueued: 0, deferred: 0 };
  }

  const log: Record<string, RouterLogEntry> = {};
  for (const e of entries) log[e.receiver] = { firing: e.firingFingerprints, resolved: e.resolvedFingerprints, timestamp: e.sentAt };
  const window = windowState(ctx.routing, route.deliverDuring, now);
  const timeMute = timeMuteReason(ctx.routing, route, now);
  const decided = targets.map((target) => {
    const shown = all.filter((a) => !isHealthAlertAbout(a.labels, target.receiver));
    const flush = { alerts: shown.map((a) => ({ fingerprint: a.fingerprint, labels: a.labels, status: a.status })), targets: [target], muter: inputs.muter, window, ...(timeMute !== undefined ? { timeMute } : {}), log, now };
    return { target, action: routeAlerts(flush)[0] as ReceiverAction };
  });

  const byFingerprint = new Map(all.map((a) => [a.fingerprint, a]));
  const pick = (fps: readonly string[]) => fps.flatMap((fp) => byFingerprint.get(fp) ?? []);
  const events: DispatchEvent[] = [];
  let deferUntil: Date | undefined;
  let sent = false;
  let announced = false;
  await transaction(ctx.db, async (trx) => {
    const outbox = new Outbox(trx);
    const nflog = new NotificationLog(trx);
    for (const { target, action } of decided) {
      const entry = entries.find((e) => e.receiver === action.receiver);
      if (action.action === 'defer') {
        deferUntil = deferUntil === undefined || action.until < deferUntil ? action.until : deferUntil;
        events.push({ type: 'deferred', at: now, groupKey: group.groupKey, receiver: action.receiver, until: action.until });
        if ((entry?.firingFingerprints.length ?? 0) > 0) announced = true;
        continue;
      }
      const record = action.record;
      if (record === undefined) {
        if ((entry?.firingFingerprints.length ?? 0) > 0) announced = true;
        continue;
      }
      if (record.firing.length > 0) announced = true;
      if (action.action === 'skip') {
        await nflog.put({ groupKey: group.groupKey, receiver: action.receiver, firingFingerprints: record.firing, resolvedFingerprints: record.resolved, sentAt: now }, { db: trx });
        continue;
      }
      const due = responseDue(ctx, target, entry, record.firing.length > 0, now);
      const notification = buildNotification({
        id: ctx.newId(),
        receiver: action.receiver,
        route: group.route,
        groupKey: group.groupKey,
        groupLabels: group.labels,
        kind: action.kind,
        reason: action.reason,
        firing: pick(action.firing),
        resolved: pick(action.resolved),
        ...(due !== undefined ? { dueAt: due } : {}),
        ...(ctx.account !== undefined ? { account: ctx.account } : {}),
        timeZone: routeTimeZone(ctx.routing, route),
        now,
      });
      await outbox.enqueue(notification, { db: trx });
      await nflog.put(
        {
          groupKey: group.groupKey,
          receiver: action.receiver,
          firingFingerprints: record.firing,
          resolvedFingerprints: record.resolved,
          sentAt: now,
          ...(due !== undefined ? { dueAt: due } : {}),
        },
        { db: trx },
      );
      sent = true;
      events.push({ type: 'notification_enqueued', at: now, id: notification.id, receiver: action.receiver, groupKey: group.groupKey, kind: action.kind });
    }
    const groups = new AggregationGroupStore(trx);
    if (firing.length === 0 && !announced && deferUntil === undefined) {
      await groups.remove(group.route, group.groupKey);
      return;
    }
    const lastNotifiedAt = sent ? now : latest(entries);
    const planned = planFlush(
      { createdAt: group.firstSeenAt, lastFlushAt: now, changed: false, ...(lastNotifiedAt !== undefined ? { lastNotifiedAt } : {}) },
      route.timers,
      now,
    ).at;
    // A route's receivers share its window: deferred means nothing is sent before it opens.
    const next = deferUntil ?? planned;
    await groups.put({ ...group, nextFlushAt: next, lastFlushAt: now }, { db: trx });
  });
  for (const event of events) ctx.emit(event);
  ctx.emit({
    type: 'group_flushed',
    at: now,
    route: group.route,
    groupKey: group.groupKey,
    actions: decided.map(({ action }) => `${action.receiver}: ${action.action} (${action.reason})`),
  });
  return { enqueued: events.filter((e) => e.type === 'notification_enqueued').length, deferred: events.filter((e) => e.type === 'deferred').length };
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
