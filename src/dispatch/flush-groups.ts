/**
 * The flush step: every aggregation group whose timer is due (group_wait, group_interval,
 * repeat_interval, or a deferred window's opening) goes through the stages `flushGroup` lists, in order.
 * Decisions are the router's, writes are one transaction per group; nothing is sent here.
 */

import type { Alert } from '../alerts/alert.js';
import type { AggregationGroup } from '../ledger/aggregation-group-store.js';
import { breathe } from '../ledger/breathe.js';
import type { Silence as StoredSilence } from '../ledger/silence-store.js';
import { inhibitor } from '../router/inhibit.js';
import { parseMatcherTexts } from '../router/matchers.js';
import { allMuters, type Muter } from '../router/muter.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { Silence } from '../router/routing-config.js';
import { silencer } from '../router/silence.js';
import { alertGroups } from './alert-groups.js';
import { decideReceivers } from './decide-receivers.js';
import type { DispatchContext } from './dispatch-context.js';
import { groupLease } from './group-lease.js';
import { groupIndexKey, groupMembers, type GroupIndex } from './group-members.js';
import { recordFlush } from './record-flush.js';

export interface GroupFlushCounts {
  readonly groups: number;
  readonly enqueued: number;
  readonly deferred: number;
}

/** What every group of one flush shares: the muter (inhibit rules over all firing alerts, silences) and the group index. */
interface FlushInputs extends GroupIndex {
  readonly muter: Muter;
}

/** Flushes every due group; with `ignoreGroupWait` a group never flushed counts as due. */
export async function flushGroups(ctx: DispatchContext, now: Date, ignoreGroupWait: boolean): Promise<GroupFlushCounts> {
  // Only groups that can be due are read (all of them when a new group's group_wait is ignored). In fleet
  // mode a replica flushes only the groups of the accounts it holds; the others are another's.
  const candidates = ignoreGroupWait ? await ctx.groups.all() : await ctx.groups.due(now);
  const due = candidates.filter(
    (g) => (g.nextFlushAt <= now || (ignoreGroupWait && g.lastFlushAt === undefined)) && groupLease(ctx, g.labels).kind !== 'not held',
  );
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

/**
 * One group's flush, stage by stage. Alertmanager's pipeline (notify.go) is: inhibit → active time
 * intervals → mute time intervals → silence, then per receiver wait → dedup → retry → set notifies.
 * Ours, for a group whose timer is due:
 *   1. members: its firing alerts, and the resolves it owes receivers told they fired (group-members.ts);
 *      a group whose route or receivers are gone is dropped;
 *   2. decide, per receiver (decide-receivers.ts → router/route-alerts.ts): mute by inhibit rules and
 *      silences, drop outside active / inside mute time intervals, dedup against the receiver's
 *      notification-log entry (router/dedup.ts), defer outside `deliver_during`;
 *   3. record (record-flush.ts): outbox rows and notification-log writes, then the group's next flush,
 *      all fenced in fleet mode by the group's account lease (nothing written when it was lost);
 *   4. report the events, once the record committed.
 * Wait is the group timers (and the daemon lease stands in for AM's peer position); retry and sending
 * are delivery/'s, later, from the outbox.
 */
async function flushGroup(ctx: DispatchContext, inputs: FlushInputs, group: AggregationGroup, now: Date): Promise<{ enqueued: number; deferred: number }> {
  const members = await groupMembers(ctx, inputs, group);
  if (members === undefined) {
    await ctx.groups.remove(group.route, group.groupKey);
    ctx.emit({ type: 'group_flushed', at: now, route: group.route, groupKey: group.groupKey, actions: ['group dropped: nothing left to tell'] });
    return { enqueued: 0, deferred: 0 };
  }
  const decided = decideReceivers(ctx.routing, inputs.muter, members, now);
  const events = await recordFlush(ctx, group, members, decided, now);
  for (const event of events) ctx.emit(event);
  if (events.some((e) => e.type === 'fenced')) return { enqueued: 0, deferred: 0 };
  ctx.emit({
    type: 'group_flushed',
    at: now,
    route: group.route,
    groupKey: group.groupKey,
    actions: decided.map(({ action }) => `${action.receiver}: ${action.action} (${action.reason})`),
  });
  return { enqueued: events.filter((e) => e.type === 'notification_enqueued').length, deferred: events.filter((e) => e.type === 'deferred').length };
}

async function flushInputs(ctx: DispatchContext, now: Date): Promise<FlushInputs> {
  const firing = await ctx.ledger.active();
  const stored = await ctx.silences.list({ activeAt: now });
  const muter = allMuters([inhibitor(ctx.routing.inhibitRules, firing), silencer([...ctx.routing.silences, ...stored.flatMap(routerSilence)])]);
  const members = new Map<string, Alert[]>();
  const targets = new Map<string, readonly MatchedRoute[]>();
  for (const [i, alert] of firing.entries()) {
    if (i > 0 && i % 500 === 0) await breathe(); // routing a storm's alerts is seconds of CPU otherwise
    for (const ref of alertGroups(ctx.routing, alert.labels)) {
      const key = groupIndexKey(ref.route, ref.groupKey);
      const list = members.get(key);
      if (list === undefined) members.set(key, [alert]);
      else list.push(alert);
      targets.set(key, ref.targets);
    }
  }
  return { muter, members, targets };
}

/** A stored silence as the router's; an unparsable one matches nothing. */
function routerSilence(s: StoredSilence): Silence[] {
  const matchers = parseMatcherTexts(s.matchers);
  if (matchers === undefined) return [];
  return [{ id: s.id, matchers, startsAt: s.startsAt, endsAt: s.endsAt, comment: s.comment, createdBy: s.createdBy }];
}
