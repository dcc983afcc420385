/**
 * The escalation decision (reference/routing.md §7.2 point 7): which `escalate` steps of a route run now,
 * given the group's due time, whether someone acknowledged it and whether it resolved. Routes that notify
 * PagerDuty leave escalation to PagerDuty's own policy. Pure; sending and recording are elsewhere.
 */

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
  pagerduty: 'pagerduty owns escalation on this route',
  done: 'already run',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
} as const;

export function planEscalation(config: RoutingConfig, route: Route, state: EscalationState, now: Date): EscalationPlan {
  const paged = route.notify.some((name) => config.receivers[name]?.type === 'pagerduty');
  const steps = route.escalate.map((step, index): StepDecision => {
    if (paged) return { index, action: 'skip', reason: ESCALATION_REASONS.pagerduty };
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
