/**
 * Turns what the webhook sink received into comparable records, one per notification: which side sent
 * it (Alertmanager's webhook payload, or snowmon's Slack-webhook message), to which receiver, for which
 * group (`route:{group labels}`), firing or resolved, and how many alerts it showed each way. Pure.
 */

import { formatLabels } from '../../src/router/group.js';
import type { SinkReceipt } from './webhook-sink.js';

export interface NotificationRecord {
  readonly side: 'alertmanager' | 'snowmon';
  readonly receiver: string;
  /** `cost-90:{alert_type="cost_monitor", monitor="M1"}` (route name, then the group labels). */
  readonly group: string;
  readonly status: 'firing' | 'resolved';
  readonly firing: number;
  readonly resolved: number;
  readonly at: number;
}

/** The AM receiver name prefix `alertmanagerConfig` gives each route. */
const AM_ROUTE_PREFIX = 'snowmon-route-';

/** Receipts under `/am/<receiver>` and `/snowmon/<receiver>`; anything else is an error (say so, do not guess). */
export function toRecord(receipt: SinkReceipt): NotificationRecord {
  const [, side, receiver] = /^\/(am|snowmon)\/([^/?]+)/.exec(receipt.path) ?? [];
  if (side === undefined || receiver === undefined) throw new Error(`sink got a POST to an unknown path ${receipt.path}`);
  const name = decodeURIComponent(receiver);
  return side === 'am' ? fromAlertmanager(name, receipt) : fromSnowmon(name, receipt);
}

interface AmPayload {
  readonly receiver?: unknown;
  readonly status?: unknown;
  readonly groupLabels?: unknown;
  readonly alerts?: readonly { readonly status?: unknown }[];
}

/** Array.isArray, keeping the declared element type (Array.isArray narrows a readonly array to any[]). */
function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function fromAlertmanager(receiver: string, receipt: SinkReceipt): NotificationRecord {
  const body = receipt.body as AmPayload;
  if (typeof body !== 'object' || body === null || typeof body.receiver !== 'string' || !isList(body.alerts)) {
    throw new Error(`alertmanager webhook body is not a v4 payload: ${JSON.stringify(receipt.body).slice(0, 200)}`);
  }
  const route = body.receiver.startsWith(AM_ROUTE_PREFIX) ? body.receiver.slice(AM_ROUTE_PREFIX.length) : body.receiver;
  const groupLabels = (body.groupLabels ?? {}) as Record<string, string>;
  return {
    side: 'alertmanager',
    receiver,
    group: `${route}:${formatLabels(groupLabels)}`,
    status: body.status === 'resolved' ? 'resolved' : 'firing',
    firing: body.alerts.filter((a) => a.status === 'firing').length,
    resolved: body.alerts.filter((a) => a.status === 'resolved').length,
    at: receipt.receivedAt,
  };
}

interface SlackPayload {
  readonly text?: unknown;
  readonly blocks?: readonly {
    readonly type?: string;
    readonly text?: { readonly text?: string };
    readonly elements?: readonly { readonly text?: string }[];
  }[];
}

const FOOTER = /^route (\S+) · group (.+) · .*$/s;

function fromSnowmon(receiver: string, receipt: SinkReceipt): NotificationRecord {
  const body = receipt.body as SlackPayload;
  const rawBlocks = body?.blocks;
  const blocks = isList(rawBlocks) ? rawBlocks : [];
  const contextTexts: string[] = [];
  for (const block of blocks) if (block.type === 'context') for (const element of block.elements ?? []) contextTexts.push(element.text ?? '');
  const footer = contextTexts.map((t) => FOOTER.exec(t)).find((m) => m !== null);
  if (footer === undefined || footer === null) throw new Error(`snowmon message without a route footer: ${String(body?.text).slice(0, 200)}`);
  const [, route, key] = footer as unknown as [string, string, string];
  const labels = /:(\{[^{}]*\})$/.exec(key)?.[1] ?? key;
  const header = blocks.find((b) => b.type === 'header')?.text?.text ?? String(body.text ?? '');
  const sections = blocks
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n');
  return {
    side: 'snowmon',
    receiver,
    group: `${route}:${labels}`,
    status: header.includes('[RESOLVED]') ? 'resolved' : 'firing',
    firing: (sections.match(/^\*• /gm) ?? []).length,
    resolved: (sections.match(/^\*✓ /gm) ?? []).length,
    at: receipt.receivedAt,
  };
}
