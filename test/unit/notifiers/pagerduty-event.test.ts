import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/notifiers/message.js';
import { buildPagerDutyEvent, pagerDutyDedupKey } from '../../../src/notifiers/pagerduty-event.js';
import {
  COST_100_ALERT,
  COST_100_FIRING,
  COST_100_ON_ACCOUNT,
  COST_GROUP_KEY,
  COST_TIERS_FIRING,
  cost100Resolved,
} from '../../fixtures/notifiers/notifications.js';

describe('pagerDutyDedupKey', () => {
  it('does hash route and group key with a bar between them', () => {
    expect(pagerDutyDedupKey('r', 'g')).toBe(createHash('sha256').update('r|g').digest('hex'));
  });

  it('does give different keys when only the route differs', () => {
    expect(pagerDutyDedupKey('cost-90', COST_GROUP_KEY)).not.toBe(pagerDutyDedupKey('cost-100-suspend', COST_GROUP_KEY));
  });
});

describe('buildPagerDutyEvent', () => {
  it('does prefer the stored dedup_key when one was returned earlier', () => {
    const n = cost100Resolved({ pagerduty: { dedupKey: 'stored-key' } });
    expect(buildPagerDutyEvent(n, renderMessage(n), 'rk')).toEqual({ routing_key: 'rk', event_action: 'resolve', dedup_key: 'stored-key' });
  });

  it('does link https URLs found in the runbook when there are any', () => {
    const n = {
      ...COST_100_FIRING,
      alerts: [{ ...COST_100_ALERT, annotations: { ...COST_100_ALERT.annotations, runbook: 'see https://wiki.example.com/cost-runbook.' } }],
    };
    const event = buildPagerDutyEvent(n, renderMessage(n), 'rk');
    expect(event.links).toEqual([{ href: 'https://wiki.example.com/cost-runbook.', text: 'runbook / details' }]);
  });

  it('does map warning and info severities unchanged', () => {
    for (const severity of ['warning', 'info'] as const) {
      const n = { ...COST_100_FIRING, alerts: [{ ...COST_100_ALERT, labels: { ...COST_100_ALERT.labels, severity } }] };
      expect(buildPagerDutyEvent(n, renderMessage(n), 'rk').payload?.severity).toBe(severity);
    }
  });
});

describe('buildPagerDutyEvent money', () => {
  it('does state one monitor’s spend once in custom_details, never the sum of its tier alerts', () => {
    const event = buildPagerDutyEvent(COST_TIERS_FIRING, renderMessage(COST_TIERS_FIRING), 'rk');
    const details = JSON.stringify(event.payload?.custom_details);
    expect(event.payload?.custom_details['facts']).toMatchObject({ Spend: '285.73 credits (≈ $571)' });
    expect(details.split('285.73 credits').length - 1).toBe(1);
    expect(details).not.toContain('857.19');
  });
});

describe('buildPagerDutyEvent account', () => {
  it('does name the account in summary, source and custom_details, and keep the timestamp ISO', () => {
    const event = buildPagerDutyEvent(COST_100_ON_ACCOUNT, renderMessage(COST_100_ON_ACCOUNT), 'rk');
    expect(event.payload?.summary).toBe('[CRITICAL] xy12345.eu-west-1 · cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    expect(event.payload?.source).toBe('xy12345.eu-west-1');
    expect(event.payload?.custom_details['account']).toBe('xy12345.eu-west-1');
    expect(event.payload?.custom_details['respond']).toBe('respond by Mon 23 Nov 09:15 GMT');
    expect(event.payload?.custom_details['due_at']).toBe('2026-11-23T09:15:00.000Z');
    expect(event.payload?.timestamp).toBe('2026-11-23T09:01:30.000Z');
  });
});
