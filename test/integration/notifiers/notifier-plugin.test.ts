/**
 * The registry's promise, proved with a notifier that exists only here: one object (its receiver's keys,
 * validation and factory) and one registration line are all it takes for routing.yaml to accept and
 * check its receivers and for the pipeline to route an alert to it and deliver. Real SQLite store.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import type { Notification } from '../../../src/notifiers/notifier.js';
import type { NotifierPlugin, ReceiverBase } from '../../../src/notifiers/notifier-plugin.js';
import { notifierRegistry } from '../../../src/notifiers/registry.js';
import { validateRouting } from '../../../src/router/validate-routing.js';
import { loadRouting } from '../../../src/router/load-routing.js';

interface InboxReceiver extends ReceiverBase {
  readonly type: 'inbox';
  readonly box: string;
}

/** Everything the test notifier delivered, by box. */
const delivered = new Map<string, Notification[]>();

/** The whole test notifier: keys, validation, factory. */
const inboxPlugin: NotifierPlugin<InboxReceiver> = {
  type: 'inbox',
  keys: ['box'],
  pages: true,
  validate: ({ fields, map, path, base, required }) => {
    const box = required(fields.string(map, [...path, 'box']), 'box', ' (a name)');
    return box === undefined ? undefined : { ...base, type: 'inbox', box };
  },
  create: (receiver) => ({
    send: async (notification) => {
      delivered.set(receiver.box, [...(delivered.get(receiver.box) ?? []), notification]);
      return { ok: true, receiverData: {}, providerResponse: `inbox ${receiver.box}` };
    },
  }),
  describe: (receiver) => `inbox ${receiver.box}`,
};

/** The one registration line. */
const notifiers = notifierRegistry([inboxPlugin]);

const routingYaml = (receiver: string) =>
  [
    'version: 1',
    'timezone: UTC',
    'receivers:',
    `  ops: ${receiver}`,
    'routes:',
    '  - name: all',
    '    notify: [ops]',
    '    group_by: [alert_type]',
    '    response: immediate',
    '',
  ].join('\n');

/** routing.yaml's content as parsed, with `ops` as given; `response: immediate` needs a receiver that pages. */
function validate(ops: Record<string, unknown>, registry = notifiers) {
  const raw = { version: 1, timezone: 'UTC', receivers: { ops }, routes: [{ name: 'all', notify: ['ops'], group_by: ['alert_type'], response: 'immediate' }] };
  return validateRouting(raw, {
    file: 'routing.yaml',
    absoluteFile: '/routing.yaml',
    env: {},
    lineOf: () => undefined,
    readTextFile: () => '',
    notifiers: registry,
  });
}

let dir: string;
let db: Kysely<Database>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snowmon-plugin-'));
  db = await openDatabase(`sqlite:${join(dir, 'alerts.db')}`);
  delivered.clear();
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('a notifier added as one plug-in object and one registry line', () => {
  it('does validate its receivers: its own keys, its required ones, and pages for response: immediate', () => {
    expect(validate({ type: 'inbox', box: 'oncall' }).issues).toEqual([]);
    expect(validate({ type: 'inbox' }).issues.map((i) => `${i.code} ${i.message}`)).toEqual(['SM110 receiver "ops" needs box (a name)']);
    expect(validate({ type: 'inbox', box: 'oncall', channel: 'x' }).issues.map((i) => i.code)).toEqual(['SM102']);
  });

  it('does not exist without its registry line', () => {
    const issues = validate({ type: 'inbox', box: 'oncall' }, notifierRegistry()).issues;
    expect(issues.map((i) => `${i.code} ${i.message}`)).toContainEqual(expect.stringMatching(/^SM108 unknown receiver type "inbox"/));
  });

  it('does route an alert to its receiver and deliver the message there', async () => {
    writeFileSync(join(dir, 'routing.yaml'), routingYaml('{ type: inbox, box: oncall }'));
    const routing = await loadRouting(join(dir, 'routing.yaml'), {}, notifiers);
    expect(notifiers.describe(routing.receivers['ops']!)).toBe('ops (inbox oncall)');
    const dispatcher = new Dispatcher({ db, routing, owner: 'test', notifiers });
    const now = new Date('2026-12-04T10:00:00Z');
    await dispatcher.ingest(
      [
        {
          name: 'resource_monitors',
          status: 'ok',
          rows: [],
          startedAt: now.toISOString(),
          durationMs: 1,
          statementsSent: 1,
          findings: [
            {
              severity: 'critical',
              summary: 'monitor ACCOUNT_MONTHLY at 100% of 1000 credits',
              labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY' },
            },
          ],
        },
      ],
      now,
    );
    expect((await dispatcher.flush(now, { ignoreGroupWait: true })).enqueued).toBe(1);
    expect((await dispatcher.deliver(now)).sent).toBe(1);
    await dispatcher.close();
    const inbox = delivered.get('oncall') ?? [];
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ receiver: 'ops', kind: 'firing', status: 'firing' });
    expect(inbox[0]?.alerts[0]?.annotations.summary).toBe('monitor ACCOUNT_MONTHLY at 100% of 1000 credits');
  });
});
