/**
 * The escalation step: groups past their response deadline, still firing and not acknowledged get the
 * route's `escalate` steps (the router's planEscalation decides which run) as escalation notifications
 * in the outbox. A step's notification id is derived from (group, due time, step, receiver), so a step
 * runs once per episode even across restarts: the outbox row is the record that it ran.
 */

import { createHash } from 'node:crypto';
import type { Alert } from '../alerts/alert.js';
import type { NotificationLogEntry } from '../ledger/notification-log.js';
import { Outbox } from '../delivery/outbox.js';
import { transaction } from '../ledger/transaction.js';
import { planEscalation, type EscalationPlan, type StepDecision } from '../router/escalate.js';
import type { Route } from '../router/routing-config.js';
import type { DispatchContext } from './dispatch-context.js';
import { formatInstant } from '../notifiers/format-time.js';
import { buildNotification } from './build-notification.js';
import { groupLease, leaseAccount, writable } from './group-lease.js';
import { routeTimeZone } from './route-time-zone.js';

/** An instant after every stored due time: `overdue(FAR_FUTURE)` lists every unacknowledged firing entry. */
const FAR_FUTURE = new Date('9999-12-31T00:00:00.000Z');

/** Writes the escalation notifications due at `now`; returns how many. */
export async function escalateOverdue(ctx: DispatchContext, now: Date): Promise<number> {
  if (!escalates(ctx)) return 0;
  let written = 0;
  for (const candidate of await candidates(ctx, await ctx.log.overdue(now), now)) {
    for (const step of candidate.plan.steps) {
      if (step.action !== 'run') continue;
      const wrote = await writeStep(ctx, candidate, step, now);
      if (wrote === 'fenced') break;
      written += wrote;
      ctx.emit({ type: 'escalation', at: now, groupKey: candidate.entry.groupKey, step: step.index, receivers: step.step.notify });
    }
  }
  return written;
}

/**
 * One escalation step's notifications, in one transaction; fenced in fleet mode by the group's account
 * lease (nothing written, a `fenced` event, when this replica lost it). Returns how many were new.
 */
async function writeStep(ctx: DispatchContext, candidate: Candidate, step: RunStep, now: Date): Promise<number | 'fenced'> {
  const { entry, route, firing } = candidate;
  const timeZone = routeTimeZone(ctx.routing, route);
  const lease = groupLease(ctx, candidate.groupLabels);
  return transaction(ctx.db, async (trx) => {
    if (lease.kind !== 'unfenced' && !(await writable(trx, lease))) {
      ctx.emit({ type: 'fenced', at: now, groupKey: entry.groupKey, account: leaseAccount(lease) });
      return 'fenced';
    }
    const outbox = new Outbox(trx);
    let written = 0;
    for (const receiver of step.step.notify) {
      const notification = buildNotification({
        id: escalationId(entry, step.index, receiver),
        receiver,
        route: route.name,
        groupKey: entry.groupKey,
        groupLabels: candidate.groupLabels,
        kind: 'escalation',
        reason: `not acknowledged by ${entry.dueAt === undefined ? '?' : formatInstant(entry.dueAt.toISOString(), timeZone)}: ${step.reason}`,
        firing,
        resolved: [],
        ...(entry.dueAt !== undefined ? { dueAt: entry.dueAt } : {}),
        ...(step.step.mention !== undefined ? { mention: step.step.mention } : {}),
        ...((ctx.account ?? candidate.groupLabels['account']) !== undefined ? { account: ctx.account ?? candidate.groupLabels['account'] } : {}),
        timeZone,
        now,
      });
      if (await outbox.enqueue(notification, { db: trx, ...(lease.kind === 'held' ? { fence: lease.fence } : {}) })) written += 1;
    }
    return written;
  });
}

/** The earliest time an escalation step becomes due, for the daemon's timer. */
export async function nextEscalationAt(ctx: DispatchContext, now: Date): Promise<Date | undefined> {
  if (!escalates(ctx)) return undefined;
  let next: number | undefined;
  for (const { entry, plan } of await candidates(ctx, await ctx.log.overdue(FAR_FUTURE), now)) {
    const times = plan.steps.flatMap((s) => (s.action === 'run' ? [entry.dueAt?.getTime() ?? now.getTime()] : []));
    if (plan.nextAt !== undefined) times.push(plan.nextAt.getTime());
    for (const t of times) next = next === undefined || t < next ? t : next;
  }
  return next === undefined ? undefined : new Date(next);
}

/** Whether any route has escalation steps (none: nothing to read). */
function escalates(ctx: DispatchContext): boolean {
  return ctx.routing.routes.some((r) => r.escalate.length > 0);
}

type RunStep = Extract<StepDecision, { readonly action: 'run' }>;

interface Candidate {
  readonly entry: NotificationLogEntry;
  readonly route: Route;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly firing: readonly Alert[];
  readonly plan: EscalationPlan;
}

/** One entry per group (the receivers of a group share its episode), with its escalation plan at `now`. */
async function candidates(ctx: DispatchContext, entries: readonly NotificationLogEntry[], now: Date): Promise<Candidate[]> {
  if (entries.length === 0) return [];
  const groups = new Map((await ctx.groups.all()).map((g) => [g.groupKey, g]));
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const entry of entries) {
    if (seen.has(entry.groupKey) || entry.dueAt === undefined) continue;
    seen.add(entry.groupKey);
    const group = groups.get(entry.groupKey);
    const route = ctx.routing.routes.find((r) => r.name === group?.route);
    if (group === undefined || route === undefined || route.escalate.length === 0) continue;
    if (groupLease(ctx, group.labels).kind === 'not held') continue; // another replica's account
    const firing: Alert[] = [];
    for (const fp of entry.firingFingerprints) {
      const alert = await ctx.ledger.get(fp);
      if (alert?.status === 'firing') firing.push(alert);
    }
    const done: number[] = [];
    for (let index = 0; index < route.escalate.length; index++) {
      const first = route.escalate[index]?.notify[0];
      if (first !== undefined && (await ctx.outbox.get(escalationId(entry, index, first))) !== undefined) done.push(index);
    }
    const acknowledged = firing.length > 0 && (await allAcknowledged(ctx, firing));
    const plan = planEscalation(ctx.routing, route, { dueAt: entry.dueAt, acknowledged, resolved: firing.length === 0, done }, now, ctx.notifiers);
    out.push({ entry, route, groupLabels: group.labels, firing, plan });
  }
  return out;
}

/** Every firing alert of the group acknowledged one by one (AckStore fingerprint acks) counts as acknowledged. */
async function allAcknowledged(ctx: DispatchContext, firing: readonly Alert[]): Promise<boolean> {
  for (const alert of firing) {
    if ((await ctx.acks.latestSince({ fingerprint: alert.fingerprint }, alert.startsAt)) === undefined) return false;
  }
  return true;
}

function escalationId(entry: NotificationLogEntry, step: number, receiver: string): string {
  const text = `${entry.groupKey}\n${entry.dueAt?.toISOString() ?? ''}\n${step}\n${receiver}`;
  return `esc-${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
