/**
 * Alertmanager's dedup decision (`DedupStage.needsUpdate`, reference/routing.md §1.2) over one
 * notification-log entry per (group key, receiver), returning a named reason. Pure; the log itself is
 * the ledger's, and which alerts count as firing or resolved is route-alerts.ts.
 */

/** What a receiver was last told about a group. */
export interface NotificationLogEntry {
  /** Fingerprints announced as firing. */
  readonly firing: readonly string[];
  /** Fingerprints announced as resolved. */
  readonly resolved: readonly string[];
  /** When that notification was sent. */
  readonly timestamp: Date;
}

/** Dedup's reasons, in the order they are tried. */
export const DEDUP_REASONS = {
  first: 'first notification',
  nothingFiring: 'nothing firing and never notified',
  newAlerts: 'new alerts in group',
  allResolved: 'all resolved',
  newResolved: 'new resolved alerts',
  repeat: 'repeat interval elapsed',
  unchanged: 'no change since last notification',
  resolvedOnlyQuiet: 'nothing firing, resolves already told',
} as const;

export type DedupReason = (typeof DEDUP_REASONS)[keyof typeof DEDUP_REASONS];

export interface DedupDecision {
  readonly notify: boolean;
  readonly reason: DedupReason;
}

/**
 * AM's order (dedup_stage.go `needsUpdate`): no entry → notify if anything fires; firing not a subset of
 * the logged firing → notify; nothing fires but the log had firing alerts → notify (even with
 * send_resolved off, so the log clears); send_resolved and new resolved alerts → notify; still firing and
 * the repeat interval has passed → notify; else skip. Where ours differs from AM:
 * - new firing alerts after an entry with none firing (the group had resolved): AM names it a first
 *   notification, ours `new alerts in group`;
 * - nothing firing and nothing logged as firing: AM stops (the receiver never heard of those alerts), ours
 *   still tells new resolved alerts with send_resolved on (route-alerts.ts only passes resolves some
 *   receiver of the group was told fired);
 * - the repeat: AM when the entry is strictly older than repeat_interval, ours at `now - timestamp >= repeat`.
 */
export function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: Date,
): DedupDecision {
  if (entry === undefined) {
    return firing.size > 0 ? { notify: true, reason: DEDUP_REASONS.first } : { notify: false, reason: DEDUP_REASONS.nothingFiring };
  }
  const loggedFiring = new Set(entry.firing);
  if (![...firing].every((f) => loggedFiring.has(f))) return { notify: true, reason: DEDUP_REASONS.newAlerts };
  if (firing.size === 0 && entry.firing.length > 0) return { notify: true, reason: DEDUP_REASONS.allResolved };
  const loggedResolved = new Set(entry.resolved);
  if (sendResolved && ![...resolved].every((r) => loggedResolved.has(r))) {
    return { notify: true, reason: DEDUP_REASONS.newResolved };
  }
  if (firing.size === 0) return { notify: false, reason: DEDUP_REASONS.resolvedOnlyQuiet };
  if (now.getTime() - entry.timestamp.getTime() >= repeatIntervalMs) return { notify: true, reason: DEDUP_REASONS.repeat };
  return { notify: false, reason: DEDUP_REASONS.unchanged };
}
