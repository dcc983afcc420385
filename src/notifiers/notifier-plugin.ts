/**
 * What one notifier integration declares, in its own file: its receiver `type`, the keys its receiver
 * takes in routing.yaml and how they validate, its factory, and what the rest of snowmon may ask of it
 * (how a receiver reads in `check-config`, whether it pages a person, whether it runs its own escalation,
 * which key the per-channel rate limit counts). registry.ts is the one list of them.
 */

import type { Agent } from 'node:https';
import type { ConfigErrorCode } from '../config/errors.js';
import type { Secret } from '../config/secret.js';
import type { TextSink } from './console.js';
import type { Notifier } from './notifier.js';

type Mapping = Record<string, unknown>;

/** Every receiver has these; each plug-in adds its own fields. */
export interface ReceiverBase {
  readonly type: string;
  /** The receiver's name in routing.yaml. */
  readonly name: string;
  /** Send a notification when the group resolves (Alertmanager defaults: slack false, email false, pagerduty true; ours: the routing defaults, email false). */
  readonly sendResolved: boolean;
}

/**
 * The reader a plug-in validates its receiver's keys with: `${ENV}` and `*_file` secrets, typed values,
 * problems reported with a stable code and the key's path. router/routing-validator.ts provides it.
 */
export interface ReceiverFields {
  report(code: ConfigErrorCode, path: readonly string[], message: string): void;
  knownKeys(map: Mapping, path: readonly string[], allowed: readonly string[]): void;
  mapping(value: unknown, path: readonly string[]): Mapping | undefined;
  string(map: Mapping, path: readonly string[]): string | undefined;
  stringList(map: Mapping, path: readonly string[]): string[];
  secret(map: Mapping, path: readonly string[]): Secret | undefined;
  url(map: Mapping, path: readonly string[]): string | undefined;
  number(map: Mapping, path: readonly string[]): number | undefined;
  boolean(map: Mapping, path: readonly string[]): boolean | undefined;
}

/** One receiver's body as a plug-in's `validate` gets it. */
export interface ReceiverInput {
  readonly fields: ReceiverFields;
  /** The receiver's mapping in routing.yaml (its keys are already checked against `keys`). */
  readonly map: Mapping;
  /** `['receivers', name]`. */
  readonly path: readonly string[];
  /** name and send_resolved, resolved already. */
  readonly base: { readonly name: string; readonly sendResolved: boolean };
  /** Reports SM110 (`receiver "x" needs key` + hint) when neither `key` nor `key_file` is written; returns `value`. */
  readonly required: <T>(value: T | undefined, key: string, hint: string) => T | undefined;
}

/** What notifiers may be given besides their receiver; every field optional. */
export interface NotifierDeps {
  /** IANA zone for times shown in messages (the routing table's `timezone`); UTC when absent. */
  readonly timeZone?: string;
  /** Per-request timeout for network receivers (default 10 s). */
  readonly timeoutMs?: number;
  /** Console receiver output (default stdout). */
  readonly out?: TextSink;
  /** Tests: an https agent trusting the fake PagerDuty's certificate. */
  readonly pagerDutyAgent?: Agent;
  /** Spacing of pdjs's built-in 429 retries (default 250 ms). */
  readonly pagerDutyRetryTimeoutMs?: number;
}

export interface NotifierPlugin<R extends ReceiverBase = ReceiverBase> {
  readonly type: R['type'];
  /** The receiver's keys besides `type` and `send_resolved` (a secret's `x_file` form included). */
  readonly keys: readonly string[];
  /** send_resolved when the receiver does not set it; absent means the routing table's default. */
  readonly sendResolvedDefault?: boolean;
  /** True when a receiver of this type pages a person: `response: immediate` needs one. */
  readonly pages?: boolean;
  /**
   * True when the service runs its own escalation once notified (PagerDuty's escalation policies): a route
   * notifying such a receiver leaves its `escalate` steps to it, and snowmon skips them. A pager without
   * escalation policies of its own leaves this unset, and snowmon escalates.
   */
  readonly ownsEscalation?: boolean;
  /** The receiver from its routing.yaml body; undefined after reporting what is wrong. */
  validate(input: ReceiverInput): R | undefined;
  create(receiver: R, deps: NotifierDeps): Notifier;
  /** How the receiver reads in `check-config` and `route-test`, e.g. `slack #data-alerts`; the type when absent. Never a secret. */
  describe?(receiver: R): string;
  /** The key a per-channel rate limit counts this receiver's sends against (Slack: its channel); none when absent. */
  rateLimitKey?(receiver: R): string | undefined;
}

/** The receiver type of a plug-in. */
export type ReceiverOf<P> = P extends NotifierPlugin<infer R> ? R : never;
