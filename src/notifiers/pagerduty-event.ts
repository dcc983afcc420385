/**
 * Builds PagerDuty Events API v2 bodies from a notification: the deterministic dedup_key
 * (sha256 of `route|groupKey`, so a restart can still resolve), trigger payloads within PagerDuty's limits,
 * and resolves with the same key. Pure; sending is `pagerduty.ts`.
 */

import { createHash } from 'node:crypto';
import type { Labels } from '../alerts/alert.js';
import type { RenderedMessage } from './message.js';
import type { Notification } from './notifier.js';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** The body of one event; `payload` is absent on resolves (PagerDuty needs only key and action). */
export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'resolve';
  readonly dedup_key: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: PagerDutySeverity;
    readonly timestamp: string;
    readonly component?: string;
    readonly group: string;
    readonly class: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
  readonly links?: readonly { readonly href: string; readonly text: string }[];
}

export const PAGERDUTY_LIMITS = Object.freeze({ summary: 1024, dedupKey: 255 });

/** sha256(route + '|' + groupKey) as 64 hex digits: the same group on the same route always maps to one incident. */
export function pagerDutyDedupKey(route: string, groupKey: string): string {
  return createHash('sha256').update(`${route}|${groupKey}`).digest('hex');
}

/** A trigger, or a resolve when the group resolved. The routing key is passed in, never logged. */
export function buildPagerDutyEvent(notification: Notification, message: RenderedMessage, routingKey: string): PagerDutyEvent {
  const dedupKey = notification.previous?.['pagerduty']?.['dedupKey'] ?? pagerDutyDedupKey(notification.route, notification.groupKey);
  if (notification.status === 'resolved') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  }
  const first = notification.alerts.find((a) => a.status === 'firing') ?? notification.alerts[0];
  const labels: Labels = first?.labels ?? notification.groupLabels;
  const summaryText = `[${message.severity.toUpperCase()}] ${message.headline}`; // PagerDuty shows its own icons
  const links = [...new Set(urlsIn([message.nextStep, message.recommendation ?? '', ...message.context]))].map((href) => ({ href, text: 'runbook / details' }));
  const component = labels['warehouse'] ?? labels['monitor'] ?? labels['pipeline'] ?? labels['model'];
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncate(summaryText, PAGERDUTY_LIMITS.summary),
      // PagerDuty: "the unique location of the affected system": the Snowflake account.
      source: message.account ?? 'snowmon',
      severity: message.severity,
      timestamp: notification.createdAt,
      ...(component === undefined ? {} : { component }),
      group: notification.route,
      class: labels['alert_type'] ?? 'alert',
      custom_details: {
        ...(message.account === undefined ? {} : { account: message.account }),
        what_to_do: message.nextStep,
        ...(message.recommendation === undefined ? {} : { recommendation: message.recommendation }),
        ...(message.due === undefined ? {} : { respond: message.due }),
        ...(notification.dueAt === undefined ? {} : { due_at: notification.dueAt }),
        labels: notification.groupLabels,
        facts: Object.fromEntries(message.facts.map((f) => [f.label, f.value])),
        alerts: message.alerts.map((a) => ({
          summary: a.summary,
          status: a.status,
          timing: a.timing,
          fingerprint: a.fingerprint,
          ...(a.numbers === undefined ? {} : { numbers: a.numbers }),
          ...(a.description === undefined ? {} : { description: a.description }),
        })),
        ...(message.context.length === 0 ? {} : { context: message.context }),
        group_key: notification.groupKey,
        reason: notification.reason,
      },
    },
    ...(links.length === 0 ? {} : { links }),
  };
}

function urlsIn(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.match(/https:\/\/[^\s)>\]]+/g) ?? []);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
