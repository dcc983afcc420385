/**
 * Keeps the aggregation groups' timers in step with alert transitions: a new firing alert creates its
 * group (first flush after group_wait) or pulls a flushed group's next flush to the next group_interval
 * tick (it changed); a resolve does the same for groups that exist. Timer arithmetic is the router's
 * planFlush; this only reads and writes the group store, each group once per call however many of its
 * alerts changed (a storm's thousands of transitions fall into a few groups), yielding between batches.
 */

/** Transitions handled between two turns of the event loop. */
const BATCH = 500;

import type { AlertTransition } from '../ledger/alert-ledger.js';
import type { AggregationGroup } from '../ledger/aggregation-group-store.js';
import { breathe } from '../ledger/breathe.js';
import { planFlush } from '../router/group.js';
import { matches } from '../router/matchers.js';
import type { DispatchContext } from './dispatch-context.js';
import { alertGroups } from './alert-groups.js';
import { isHealthAlertAbout } from './delivery-health.js';

export async function trackGroups(ctx: DispatchContext, transitions: readonly AlertTransition[], now: Date): Promise<void> {
  // What this call read or wrote per group (undefined: read, and there is none).
  const known = new Map<string, AggregationGroup | undefined>();
  const get = async (route: string, groupKey: string) => {
    const key = `${route}\u0000${groupKey}`;
    if (!known.has(key)) known.set(key, await ctx.groups.get(route, groupKey));
    return known.get(key);
  };
  const put = async (group: AggregationGroup) => {
    await ctx.groups.put(group);
    known.set(`${group.route}\u0000${group.groupKey}`, group);
  };
  for (const [i, t] of transitions.entries()) {
    if (i > 0 && i % BATCH === 0) await breathe();
    const refs = alertGroups(ctx.routing, t.alert.labels);
    if (t.to === 'firing')
      warnIfUnroutable(
        ctx,
        t.alert.labels,
        refs.flatMap((r) => r.targets.map((m) => m.receiver)),
        now,
      );
    for (const ref of refs) {
      const timers = (ref.targets[0] ?? { timers: ctx.routing.defaults }).timers;
      const group = await get(ref.route, ref.groupKey);
      if (group === undefined) {
        if (t.to !== 'firing') continue; // never flushed, nothing announced: nothing to resolve
        await put({
          route: ref.route,
          groupKey: ref.groupKey,
          labels: ref.labels,
          firstSeenAt: now,
          nextFlushAt: planFlush({ createdAt: now, changed: true }, timers, now).at,
        });
        continue;
      }
      if (group.lastFlushAt === undefined) continue; // still in group_wait: its first flush sees the change
      const next = planFlush({ createdAt: group.firstSeenAt, lastFlushAt: group.lastFlushAt, changed: true }, timers, now).at;
      if (next < group.nextFlushAt) await put({ ...group, nextFlushAt: next });
    }
  }
  const sourceResolved = transitions.some((t) => t.to === 'resolved' && ctx.routing.inhibitRules.some((rule) => matches(rule.sourceMatchers, t.alert.labels)));
  if (sourceResolved) await wakeInhibitedGroups(ctx, now);
}

/**
 * Un-inhibition (routing.md §7.2 point 4): when an inhibiting source resolves, every flushed group gets
 * its next group_interval tick, so targets it muted notify then rather than at their repeat interval.
 */
async function wakeInhibitedGroups(ctx: DispatchContext, now: Date): Promise<void> {
  for (const group of await ctx.groups.all()) {
    const route = ctx.routing.routes.find((r) => r.name === group.route);
    if (route === undefined || group.lastFlushAt === undefined) continue;
    const next = planFlush({ createdAt: group.firstSeenAt, lastFlushAt: group.lastFlushAt, changed: true }, route.timers, now).at;
    if (next < group.nextFlushAt) await ctx.groups.put({ ...group, nextFlushAt: next });
  }
}

function warnIfUnroutable(ctx: DispatchContext, labels: Readonly<Record<string, string>>, receivers: readonly string[], now: Date): void {
  if (labels['alert_type'] !== 'monitor_health' || labels['component'] !== 'delivery') return;
  const failing = labels['receiver'] ?? '';
  if (receivers.some((r) => !isHealthAlertAbout(labels, r))) return;
  ctx.emit({
    type: 'delivery_health_unroutable',
    at: now,
    level: 'error',
    receiver: failing,
    message:
      `receiver ${failing} keeps failing and the routing table sends its monitor_health alert only to ${failing}: ` +
      'nobody will be notified; route alert_type="monitor_health" to another receiver',
  });
}
