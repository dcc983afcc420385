/**
 * The earliest instant anything in alerting is due: a group flush (group_wait, group_interval, repeat,
 * a deferred window's opening), an outbox row's next attempt or lapsed lease, an escalation step. For
 * a daemon's setTimeout; everything is read from the store, so it is right after a restart too.
 */

import { fromDbTime } from '../ledger/db-values.js';
import type { DispatchContext } from './dispatch-context.js';
import { nextEscalationAt } from './escalate-overdue.js';

export async function nextWakeAt(ctx: DispatchContext, now: Date): Promise<Date | undefined> {
  const group = await ctx.db
    .selectFrom('aggregation_groups')
    .select((eb) => eb.fn.min('next_flush_at').as('at'))
    .executeTakeFirst();
  const retry = await ctx.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  const lease = await ctx.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('lease_expires_at').as('at'))
    .where('status', '=', 'sending')
    .executeTakeFirst();
  const times = [group?.at, retry?.at, lease?.at].filter((t): t is string => typeof t === 'string').map((t) => fromDbTime(t).getTime());
  const escalation = await nextEscalationAt(ctx, now);
  if (escalation !== undefined) times.push(escalation.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}
