/**
 * The escalation decision (reference/routing.md §7.2 point 7): which `escalate` steps of a route run now,
 * given the group's due time, whether someone acknowledged it and whether it resolved. A route that notifies
 * a receiver whose notifier owns escalation (the plug-in's `ownsEscalation`: PagerDuty's escalation
 * policies) leaves escalation to it. Pure; sending and recording are elsewhere.
 */

import type { NotifierRegistry } from '../notifiers/registry.js';
import type { EscalationStep, Route, RoutingConfig } from './routing-config.js';

export interface EscalationState {
  /** From business-clock.ts `dueAt`, fixed at the first notification. */
  readonly dueAt: Date;
  readonly acknowledged: boolean;
  readonly resolved: boolean;
  /** Indexes of the route's steps already run for this group. */
  readonly done: readonly number[];
}

export type StepDecision =
  | { readonly index: number; readonly action: 'run'; readonly step: EscalationStep; readonly reason: string }
  | { readonly index: number; readonly action: 'wait'; readonly until: Date }
  | { readonly index: number; readonly action: 'skip'; readonly reason: string };

export interface EscalationPlan {
  readonly steps: readonly StepDecision[];
  /** The earliest time a waiting step becomes due; absent when none waits. */
  readonly nextAt?: Date;
}

export const ESCALATION_REASONS = {
  /** e.g. `pagerduty owns escalation on this route`. */
  owned: (type: string) => `${type} owns escalation on this route`,
  done: 'already run',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
} as const;

/** `notifiers`: the registry the routing table was validated with, which says whose notifier owns escalation. */
export function planEscalation(
  config: RoutingConfig,
  route: Route,
  state: EscalationState,
  now: Date,
  notifiers: Pick<NotifierRegistry, 'ownsEscalation'>,
): EscalationPlan {
  const owner = route.notify.map((name) => config.receivers[name]).find((receiver) => notifiers.ownsEscalation(receiver?.type));
  const steps = route.escalate.map((step, index): StepDecision => {
    if (owner !== undefined) return { index, action: 'skip', reason: ESCALATION_REASONS.owned(owner.type) };
    if (state.done.includes(index)) return { index, action: 'skip', reason: ESCALATION_REASONS.done };
    if (state.resolved) return { index, action: 'skip', reason: ESCALATION_REASONS.resolved };
    if (step.if === 'unacknowledged' && state.acknowledged) return { index, action: 'skip', reason: ESCALATION_REASONS.acknowledged };
    const at = new Date(state.dueAt.getTime() + step.afterMs);
    if (now < at) return { index, action: 'wait', until: at };
    return { index, action: 'run', step, reason: `${step.if} ${step.afterMs === 0 ? 'at' : 'after'} due time` };
  });
  const waits = steps.flatMap((s) => (s.action === 'wait' ? [s.until.getTime()] : []));
  return waits.length > 0 ? { steps, nextAt: new Date(Math.min(...waits)) } : { steps };
}
