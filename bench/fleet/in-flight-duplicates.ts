/**
 * The fleet bench's duplicate accounting, pure: which Slack calls repeat an earlier one, and whether each
 * repeat is the re-delivery of an outbox row the killed replica had in flight (claimed, `sending`, when
 * it died). At-least-once allows exactly those: the dead replica's call reached Slack but it never marked
 * the row sent, so once the row's lease lapsed another replica sent it again. Any other repeat is a
 * duplicate the design does not allow (goal: none).
 */

import { slackRefs, type OutboxRow, type SlackMessageRef } from './notification-audit.js';

/** One Slack call as the bench's front saw it. */
export interface FrontCall {
  readonly seq: number;
  /** The replica that made it (by its bot token). */
  readonly replica: string;
  readonly method: string;
  readonly params: Readonly<Record<string, string | undefined>>;
  /** When it reached Slack (ms). */
  readonly at: number;
  /** When its caller got the answer; absent when it never did (it died waiting). */
  readonly answeredAt?: number;
  /** The message the call wrote (a post's new ts, an update's ts), when Slack said ok. */
  readonly ref?: SlackMessageRef;
}

export interface DuplicateAccount {
  /** Calls repeating an earlier call's method, channel, thread, message and text. */
  readonly duplicated: number;
  /** Of them, re-deliveries of a row the killed replica had in flight (its first call unanswered at its death). */
  readonly ofInFlight: number;
  /** The others (goal: none), as `method channel text…` for the printout. */
  readonly others: readonly string[];
  /** Rows the killed replica had claimed and not marked when it died. */
  readonly inFlightRows: number;
  /** Its calls that Slack had done but not answered when it died. */
  readonly unansweredAtKill: number;
  /** In-flight rows sent by the end (by another replica). */
  readonly inFlightSent: number;
}

/** What makes two Slack calls the same notification: method, channel, thread, message and text. */
export function callKey(call: Pick<FrontCall, 'method' | 'params'>): string {
  const p = call.params;
  return JSON.stringify([call.method, p['channel'] ?? null, p['thread_ts'] ?? null, p['ts'] ?? null, p['text'] ?? null]);
}

/** Every message a provider response names: the parent and, for a thread reply, the reply. */
export function allSlackRefs(providerResponse: string | null): SlackMessageRef[] {
  const match = /^slack (\S+) (\S+) reply (\S+)/.exec(providerResponse ?? '');
  if (match && match[3] !== '?') return [{ channel: match[1] as string, ts: match[2] as string }, ...slackRefs(providerResponse)];
  return slackRefs(providerResponse);
}

const refKey = (ref: SlackMessageRef) => `${ref.channel} ${ref.ts}`;

/**
 * Classifies the repeated calls. A repeat counts as the re-delivery of an in-flight row when the call it
 * repeats was the killed replica's, reached Slack before the kill and was never answered before it, and
 * the repeat wrote a message one of the in-flight rows names in its final provider response.
 */
export function classifyDuplicates(input: {
  readonly calls: readonly FrontCall[];
  readonly killed: { readonly replica: string; readonly at: number };
  /** Ids of the rows the killed replica had in flight. */
  readonly inFlight: readonly string[];
  /** The outbox at the end. */
  readonly outbox: readonly OutboxRow[];
}): DuplicateAccount {
  const inFlight = new Set(input.inFlight);
  const finalRows = input.outbox.filter((r) => inFlight.has(r.id));
  const inFlightRefs = new Set(finalRows.flatMap((r) => allSlackRefs(r.providerResponse)).map(refKey));
  const { replica, at } = input.killed;
  const unansweredAtKill = (c: FrontCall) => c.replica === replica && c.at <= at && (c.answeredAt === undefined || c.answeredAt > at);
  const first = new Map<string, FrontCall>();
  let duplicated = 0;
  let ofInFlight = 0;
  const others: string[] = [];
  for (const call of [...input.calls].sort((a, b) => a.seq - b.seq)) {
    if (call.method !== 'chat.postMessage' && call.method !== 'chat.update') continue;
    const key = callKey(call);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, call);
      continue;
    }
    duplicated++;
    if (unansweredAtKill(earlier) && call.ref !== undefined && inFlightRefs.has(refKey(call.ref))) ofInFlight++;
    else others.push(`${call.method} ${call.params['channel'] ?? '?'} ${(call.params['text'] ?? '').slice(0, 60)}`);
  }
  return {
    duplicated,
    ofInFlight,
    others,
    inFlightRows: inFlight.size,
    unansweredAtKill: input.calls.filter(unansweredAtKill).length,
    inFlightSent: finalRows.filter((r) => r.status === 'sent').length,
  };
}
