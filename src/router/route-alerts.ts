/**
 * The pure decision for one group flush (reference/routing.md §7.2 points 3–5): mute (inhibit, silence),
 * then per receiver dedup against its notification-log entry, then `deliver_during` (defer, never drop),
 * with `resolve_suppressed` keeping announced alerts resolvable; AM's mute/active time intervals drop. Returns what to do per receiver with a
 * named reason; sending, writing the log and the outbox are other modules' work.
 */

import type { AlertStatus, Labels } from '../alerts/alert.js';
import type { NotificationKind } from '../notifiers/notifier.js';
import { DEDUP_REASONS, needsUpdate } from './dedup.js';
import type { NotificationLogEntry } from './dedup.js';
import type { Muter } from './muter.js';
import type { MatchedRoute } from './route-tree.js';
import type { WindowState } from './time-windows.js';

export interface GroupAlert {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly status: AlertStatus;
}

export interface GroupFlush {
  /** Every alert of the group, firing and resolved (not yet dropped from the group). */
  readonly alerts: readonly GroupAlert[];
  /** The group's route, once per receiver (matchRoutes output for this route). */
  readonly targets: readonly MatchedRoute[];
  readonly muter: Muter;
  /** The route's delivery window now (time-windows.ts `windowState`). */
  readonly window: WindowState;
  /** Set when the route is time-muted now (time-windows.ts `timeMuteReason`): every receiver drops the flush, as AM does. */
  readonly timeMute?: string;
  /** The notification-log entry per receiver name; absent when never notified. */
  readonly log: Readonly<Record<string, NotificationLogEntry | undefined>>;
  readonly now: Date;
}

/** What to write to the notification log (after a successful send, or at once for a skip that clears it). */
export interface LogRecord {
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
}

export interface MutedAlert {
  readonly fingerprint: string;
  readonly reason: string;
}

export type ReceiverAction =
  | {
      readonly action: 'send';
      readonly receiver: string;
      readonly kind: NotificationKind;
      readonly reason: string;
      /** Fingerprints to show as firing. */
      readonly firing: readonly string[];
      /** Fingerprints to show as resolved (empty when the receiver does not send resolved). */
      readonly resolved: readonly string[];
      readonly muted: readonly MutedAlert[];
      readonly record: LogRecord;
    }
  | { readonly action: 'defer'; readonly receiver: string; readonly until: Date; readonly reason: string }
  | {
      readonly action: 'skip';
      readonly receiver: string;
      readonly reason: string;
      readonly muted: readonly MutedAlert[];
      /** Set when the log must still change (all resolved with send_resolved off). */
      readonly record?: LogRecord;
    };

/** Named reasons route-alerts adds to dedup's. */
export const FLUSH_REASONS = {
  resolvedQuiet: 'all resolved, send_resolved off: log cleared',
  resolvedMuted: 'all resolved while muted, resolve_suppressed off: log cleared',
  neverOpens: 'deliver_during window never opens again',
} as const;

export function routeAlerts(flush: GroupFlush): ReceiverAction[] {
  const muted = new Map<string, string>();
  for (const a of flush.alerts) {
    const reason = flush.muter.mutes(a.labels, flush.now);
    if (reason !== undefined) muted.set(a.fingerprint, reason);
  }
  const mutedList = [...muted].map(([fingerprint, reason]) => ({ fingerprint, reason }));
  const timeMute = flush.timeMute;
  if (timeMute !== undefined) {
    // Alertmanager's TimeMuteStage / TimeActiveStage: dropped, the notification log left as it is.
    return flush.targets.map((t) => ({ action: 'skip', receiver: t.receiver, reason: `dropped: ${timeMute}`, muted: mutedList }));
  }
  return flush.targets.map((target) => decide(flush, target, muted, mutedList));
}

function decide(flush: GroupFlush, target: MatchedRoute, muted: ReadonlyMap<string, string>, mutedList: readonly MutedAlert[]): ReceiverAction {
  const receiver = target.receiver;
  const entry = flush.log[receiver];
  const announced = new Set(entry?.firing ?? []);
  const isFiring = (a: GroupAlert) => a.status === 'firing';
  // Firing and not muted: what the receiver hears about.
  const firing = flush.alerts.filter((a) => isFiring(a) && !muted.has(a.fingerprint)).map((a) => a.fingerprint);
  // Announced, still firing, now muted: kept in the log (not shown) so their resolve is told later.
  const carried = target.resolveSuppressed
    ? flush.alerts.filter((a) => isFiring(a) && muted.has(a.fingerprint) && announced.has(a.fingerprint)).map((a) => a.fingerprint)
    : [];
  // Resolved: unmuted ones, plus muted ones the receiver was told were firing (resolve_suppressed).
  const resolved = flush.alerts
    .filter((a) => !isFiring(a) && (!muted.has(a.fingerprint) || (target.resolveSuppressed && announced.has(a.fingerprint))))
    .map((a) => a.fingerprint);
  const view = entry && { ...entry, firing: entry.firing.filter((f) => !carried.includes(f)) };
  const decision = needsUpdate(view, new Set(firing), new Set(resolved), target.sendResolved, target.timers.repeatIntervalMs, flush.now);
  const record: LogRecord = { firing: [...firing, ...carried], resolved };
  if (!decision.notify) {
    const allMuted = firing.length === 0 && flush.alerts.some((a) => isFiring(a) && muted.has(a.fingerprint));
    const reason = allMuted ? `all firing alerts muted (${muted.get(firstMutedFiring(flush, muted))})` : decision.reason;
    return { action: 'skip', receiver, reason, muted: mutedList };
  }
  const shownResolved = target.sendResolved ? resolved : [];
  if (firing.length === 0 && shownResolved.length === 0) {
    const reason = target.sendResolved ? FLUSH_REASONS.resolvedMuted : FLUSH_REASONS.resolvedQuiet;
    return { action: 'skip', receiver, reason, muted: mutedList, record };
  }
  if (!flush.window.open) {
    if (flush.window.nextOpen === undefined) {
      return { action: 'skip', receiver, reason: `${FLUSH_REASONS.neverOpens}: ${flush.window.interval}`, muted: mutedList };
    }
    return {
      action: 'defer',
      receiver,
      until: flush.window.nextOpen,
      reason: `${decision.reason}, deferred: outside ${flush.window.interval}`,
    };
  }
  return {
    action: 'send',
    receiver,
    kind: kindOf(decision.reason, firing.length),
    reason: decision.reason,
    firing,
    resolved: shownResolved,
    muted: mutedList,
    record,
  };
}

function kindOf(reason: string, firingCount: number): NotificationKind {
  if (firingCount === 0) return 'resolved';
  if (reason === DEDUP_REASONS.first) return 'firing';
  if (reason === DEDUP_REASONS.repeat) return 'repeat';
  return 'update';
}

function firstMutedFiring(flush: GroupFlush, muted: ReadonlyMap<string, string>): string {
  return flush.alerts.find((a) => a.status === 'firing' && muted.has(a.fingerprint))?.fingerprint ?? '';
}
