import { describe, expect, it } from 'vitest';
import { toRecord } from '../../../bench/alertmanager/notification-record.js';
import { renderMessage } from '../../../src/notifiers/message.js';
import type { Notification } from '../../../src/notifiers/notifier.js';
import { renderSlackMessage } from '../../../src/notifiers/slack-blocks.js';

const labels = (threshold: string) => ({ alert_type: 'cost_monitor', monitor: 'M1', threshold, check: 'resource_monitors', severity: 'warning' });

function snowmonBody(status: 'firing' | 'resolved'): unknown {
  const notification: Notification = {
    id: 'n-1',
    receiver: 'slack-data-costs',
    route: 'cost-90',
    groupKey: '{}/{alert_type="cost_monitor",threshold="90"}:{alert_type="cost_monitor", monitor="M1"}',
    groupLabels: { alert_type: 'cost_monitor', monitor: 'M1' },
    kind: status === 'firing' ? 'firing' : 'resolved',
    status,
    reason: status === 'firing' ? 'first notification' : 'all resolved',
    alerts: [
      {
        fingerprint: 'a',
        labels: labels('90'),
        annotations: { summary: 'M1 at 90%' },
        status,
        startsAt: '2026-11-24T10:00:00Z',
        ...(status === 'resolved' ? { endsAt: '2026-11-24T10:05:00Z' } : {}),
      },
      {
        fingerprint: 'b',
        labels: { ...labels('90'), warehouse: 'WH' },
        annotations: { summary: 'M1 WH at 90%' },
        status: 'resolved',
        startsAt: '2026-11-24T10:00:00Z',
        endsAt: '2026-11-24T10:01:00Z',
      },
    ],
    createdAt: '2026-11-24T10:05:00Z',
  };
  const message = renderSlackMessage(renderMessage(notification));
  return JSON.parse(JSON.stringify({ text: message.text, blocks: message.blocks }));
}

describe('toRecord', () => {
  it('does read route, group labels, status and alert counts from a snowmon Slack-webhook message', () => {
    expect(toRecord({ path: '/snowmon/slack-data-costs', receivedAt: 5, body: snowmonBody('firing') })).toEqual({
      side: 'snowmon',
      receiver: 'slack-data-costs',
      group: 'cost-90:{alert_type="cost_monitor", monitor="M1"}',
      status: 'firing',
      firing: 1,
      resolved: 1,
      at: 5,
    });
    expect(toRecord({ path: '/snowmon/slack-data-costs', receivedAt: 6, body: snowmonBody('resolved') })).toMatchObject({
      status: 'resolved',
      firing: 0,
      resolved: 2,
    });
  });

  it('does read the same group id from an Alertmanager webhook payload', () => {
    const body = {
      version: '4',
      receiver: 'snowmon-route-cost-90',
      status: 'firing',
      groupLabels: { monitor: 'M1', alert_type: 'cost_monitor' },
      groupKey: '{}/{alert_type="cost_monitor",threshold="90"}:{alert_type="cost_monitor", monitor="M1"}',
      alerts: [
        { status: 'firing', labels: labels('90') },
        { status: 'resolved', labels: labels('90') },
      ],
    };
    expect(toRecord({ path: '/am/email-lead', receivedAt: 7, body })).toEqual({
      side: 'alertmanager',
      receiver: 'email-lead',
      group: 'cost-90:{alert_type="cost_monitor", monitor="M1"}',
      status: 'firing',
      firing: 1,
      resolved: 1,
      at: 7,
    });
  });

  it('does refuse a receipt on an unknown path or without a footer', () => {
    expect(() => toRecord({ path: '/other', receivedAt: 1, body: {} })).toThrow('sink got a POST to an unknown path /other');
    expect(() => toRecord({ path: '/snowmon/x', receivedAt: 1, body: { text: 'hi', blocks: [] } })).toThrow('snowmon message without a route footer: hi');
  });
});
