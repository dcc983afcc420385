/**
 * The validated, frozen routing table (config/routing.yaml, reference/routing.md §7.1) as typed data:
 * defaults, time intervals, holidays, receivers, ordered routes, inhibit rules and config silences.
 * Types only; parsing is load-routing.ts and validate-routing.ts, decisions are the other router files.
 */

import type { RegisteredReceiver } from '../notifiers/registry.js';
import type { Matcher } from './matchers.js';

/** Alertmanager's three group timers, in milliseconds. */
export interface GroupTimers {
  /** Wait before the first notification of a new group. */
  readonly groupWaitMs: number;
  /** Recurring flush that sends when the group changed. */
  readonly groupIntervalMs: number;
  /** Re-send an unchanged, still firing group (rounded up to a multiple of groupIntervalMs when planned). */
  readonly repeatIntervalMs: number;
}

export interface RoutingDefaults extends GroupTimers {
  /** Default for receivers that do not say (email defaults to false regardless). */
  readonly sendResolved: boolean;
  /** Resolve what a receiver was told is firing even if the alert is later inhibited or silenced. */
  readonly resolveSuppressed: boolean;
}

/** An inclusive range of integers, e.g. weekdays 1..5 or days_of_month -3..-1. */
export interface IntRange {
  readonly start: number;
  readonly end: number;
}

/** One `times` element: minutes after local midnight, start inclusive, end exclusive (1440 = 24:00). */
export interface TimeRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/**
 * One element of a time interval (AM `time_intervals[].time_intervals[]`): every non-empty field must
 * match; inside a field any element may match. An empty list means "any".
 */
export interface TimeIntervalSpec {
  readonly times: readonly TimeRange[];
  /** 0 = sunday ... 6 = saturday. */
  readonly weekdays: readonly IntRange[];
  /** 1..31 or -31..-1 (counted from the month's end). */
  readonly daysOfMonth: readonly IntRange[];
  /** 1 = january ... 12 = december. */
  readonly months: readonly IntRange[];
  readonly years: readonly IntRange[];
  /** IANA zone the fields are read in. */
  readonly location: string;
}

/** A named time interval: inside when any of its specs matches and the local date is not a holiday. */
export interface TimeInterval {
  readonly name: string;
  readonly specs: readonly TimeIntervalSpec[];
}

/** When a person must respond by (reference/routing.md §7.2 point 7). */
export type ResponseSpec =
  | { readonly kind: 'immediate' }
  /** `within: D` on the wall clock, or counting only minutes inside the `clock` interval. */
  | { readonly kind: 'within'; readonly withinMs: number; readonly clock?: string }
  /** `by: same_day | next_business_day`, measured on the `clock` interval (default business_hours). */
  | { readonly kind: 'by'; readonly by: 'same_day' | 'next_business_day'; readonly clock: string };

/** One `escalate` step: after the due time (plus `afterMs`), if the condition holds, notify these receivers. */
export interface EscalationStep {
  /** Delay after due_at (`after: due` is 0, `after: 30m` is 30 minutes after due). */
  readonly afterMs: number;
  readonly if: 'unacknowledged' | 'unresolved';
  readonly notify: readonly string[];
  readonly mention?: string;
}

/** One route with every inherited value already filled in from `defaults`. */
export interface Route {
  readonly name: string;
  /** All must match; empty = catch-all. */
  readonly matchers: readonly Matcher[];
  /** Keep matching later routes after this one matched. */
  readonly continue: boolean;
  /** Receiver names this route fans out to. */
  readonly notify: readonly string[];
  /** Label names to group by, or `all` for `['...']` (every label: no grouping). */
  readonly groupBy: readonly string[] | 'all';
  readonly timers: GroupTimers;
  /** Time interval outside of which delivery is deferred (never dropped). */
  readonly deliverDuring?: string;
  readonly response?: ResponseSpec;
  readonly escalate: readonly EscalationStep[];
  /** Route-level override of the receivers' send_resolved. */
  readonly sendResolved?: boolean;
  /** Line of the route in the file, for descriptions. */
  readonly line?: number;
  /** Nested `routes:`, tried in order as Alertmanager does; they inherit this route's values. */
  readonly children?: readonly Route[];
  /** Alertmanager's `mute_time_intervals`: notifications dropped while inside any (not inherited). */
  readonly muteTimeIntervals?: readonly string[];
  /** Alertmanager's `active_time_intervals`: notifications dropped while outside all (not inherited). */
  readonly activeTimeIntervals?: readonly string[];
  /** The route's part of group keys (`{}/{a="b"}/{c="d"}`), set for nested trees; else group.ts derives it. */
  readonly key?: string;
  /** Nesting depth: 0 for a top-level route (or an Alertmanager root). */
  readonly depth?: number;
}

export interface InhibitRule {
  readonly name: string;
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  /** Labels that must be equal (missing = empty) between source and target. */
  readonly equal: readonly string[];
}

/** A silence: alerts matching every matcher are muted while `startsAt <= now < endsAt`. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: Date;
  /** Absent: never ends (`always: true` in config). */
  readonly endsAt?: Date;
  readonly comment: string;
  readonly createdBy?: string;
}

export interface RoutingConfig {
  /** The file it was loaded from (absolute). */
  readonly file: string;
  readonly version: 1;
  /** Default IANA zone for time intervals and business clocks. */
  readonly timezone: string;
  readonly defaults: RoutingDefaults;
  readonly timeIntervals: Readonly<Record<string, TimeInterval>>;
  /** Local dates `YYYY-MM-DD` that count as outside every time interval. */
  readonly holidays: readonly string[];
  /** Every receiver, built-in or from an extra plug-in, as its plug-in validated it. */
  readonly receivers: Readonly<Record<string, RegisteredReceiver>>;
  /** Every route, parents before their children (pre-order), for lookups by name. */
  readonly routes: readonly Route[];
  /** The top-level routes tried in order (an Alertmanager `route:` root is one); absent = `routes`. */
  readonly tree?: readonly Route[];
  readonly inhibitRules: readonly InhibitRule[];
  readonly silences: readonly Silence[];
}
