/**
 * What an alert is: a label set (its identity and routing vocabulary, DESIGN §5) plus annotations (how
 * it reads), and the fingerprint that names it. Types and the fingerprint only; turning findings into
 * alerts and keeping their life are elsewhere.
 */

import { createHash } from 'node:crypto';

/** Identity. Keys are label names (`alert_type`, `severity`, `monitor`, `threshold`, `warehouse`, ...). */
export type Labels = Readonly<Record<string, string>>;

/** Presentation: never part of identity. */
export interface Annotations {
  /** One line a person reads first. */
  readonly summary: string;
  /** More detail, plain text. */
  readonly description?: string;
  /** What to do next (DESIGN §5 runbook line, overridable in config). */
  readonly runbook?: string;
  /** The finding's own recommendation, when it has one. */
  readonly recommendation?: string;
  /** Credits the alert is about, and their price. */
  readonly credits?: number;
  readonly usd?: number;
  /** Extra lines for the message, e.g. the warehouses and queries behind a cost alert's spend. */
  readonly context?: readonly string[];
}

export type AlertStatus = 'firing' | 'resolved';

/** An alert as a check reports it in one run: what it sees now. */
export interface ObservedAlert {
  readonly labels: Labels;
  readonly annotations: Annotations;
}

/** An alert as the ledger keeps it. */
export interface Alert {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Annotations;
  readonly status: AlertStatus;
  /** When it started firing (this episode). */
  readonly startsAt: Date;
  /** When it resolved; absent while firing. */
  readonly endsAt?: Date;
  /** The last run that saw it firing. */
  readonly lastSeenAt: Date;
  /** The check that reports it (its `check` label, kept apart for resolving). */
  readonly check: string;
}

/**
 * The fingerprint: sha256 of the labels sorted by name, as `name=value` lines, first 16 hex digits.
 * Label order never matters; any label change is a different alert.
 */
export function fingerprint(labels: Labels): string {
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name] ?? ''}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
