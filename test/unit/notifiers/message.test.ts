import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNBOOKS } from '../../../src/alerts/runbooks.js';
import { renderMessage } from '../../../src/notifiers/message.js';
import type { Notification } from '../../../src/notifiers/notifier.js';
import {
  COST_100_ALERT,
  COST_100_FIRING,
  COST_100_ON_ACCOUNT,
  COST_TIERS_FIRING,
  cost100Escalation,
  cost100Resolved,
  PIPELINE_FAILURE,
  TWO_MONITORS_FIRING,
} from '../../fixtures/notifiers/notifications.js';

describe('renderMessage', () => {
  it('does title a firing group with severity emoji, level and the first summary', () => {
    const m = renderMessage(COST_100_FIRING);
    expect(m.title).toBe('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    expect(m.severity).toBe('critical');
    expect(m.intro).toBe('New: 1 of 1 alert firing (first notification).');
  });

  it('does show the due time in UTC when no zone is known', () => {
    expect(renderMessage(COST_100_FIRING).due).toBe('respond by Mon 23 Nov 09:15 UTC');
  });

  it('does show the due time in the given zone when one is known', () => {
    const summer = { ...COST_100_FIRING, dueAt: '2026-07-06T08:15:00.000Z', createdAt: '2026-07-06T08:00:00.000Z' };
    expect(renderMessage(summer, { timeZone: 'Europe/London' }).due).toBe('respond by Mon 6 Jul 09:15 BST');
  });

  it('does say respond now when the due time has passed', () => {
    const late = { ...COST_100_FIRING, createdAt: '2026-11-23T09:20:00.000Z' };
    expect(renderMessage(late).due).toBe('respond now (was due Mon 23 Nov 09:15 UTC)');
  });

  it('does date a due time a week or more away like any other', () => {
    const far = { ...COST_100_FIRING, dueAt: '2026-12-01T09:15:00.000Z' };
    expect(renderMessage(far).due).toBe('respond by Tue 1 Dec 09:15 UTC');
  });

  it('does carry the runbook, the recommendation, the numbers and the context lines', () => {
    const m = renderMessage(COST_100_FIRING);
    expect(m.nextStep).toBe(COST_100_ALERT.annotations.runbook);
    expect(m.recommendation).toBe('move the nightly dbt run on TRANSFORM_WH from LARGE to MEDIUM');
    expect(m.context).toEqual(COST_100_ALERT.annotations.context);
    expect(m.alerts[0]?.numbers).toBeUndefined(); // stated once, as the Spend fact
    expect(m.facts).toContainEqual({ label: 'Spend', value: '1,000.00 credits (≈ $3,000)' });
    expect(m.facts).toContainEqual({ label: 'monitor', value: 'ACCOUNT_MONTHLY' });
  });

  it('does fall back to the DESIGN runbook line when the alert has none', () => {
    const m = renderMessage(PIPELINE_FAILURE);
    expect(m.nextStep).toBe(DEFAULT_RUNBOOKS['pipeline_failure']);
    expect(m.nextStep).toMatch(/^A model failed: read the error, fix it, and re-run from the failed node/);
  });

  it('does say what to do even for an alert type it does not know', () => {
    const odd: Notification = { ...PIPELINE_FAILURE, alerts: [{ ...PIPELINE_FAILURE.alerts[0]!, labels: { alert_type: 'something_new' } }] };
    expect(renderMessage(odd).nextStep).toMatch(/^open the alert in snowmon/);
  });

  it('does rate a non-critical pipeline failure as error', () => {
    const m = renderMessage(PIPELINE_FAILURE);
    expect(m.severity).toBe('error');
    expect(m.title).toBe('🟠 [ERROR] model fct_orders failed in nightly');
  });

  it('does title a resolved group with a check mark and say how long it lasted', () => {
    const m = renderMessage(cost100Resolved(undefined));
    expect(m.title).toBe('✅ [RESOLVED] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    expect(m.firingTitle).toBe('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    expect(m.resolved).toBe('resolved after 14m');
    expect(m.intro).toBe('All alerts resolved after 14m.');
    expect(m.due).toBeUndefined();
    expect(m.nextStep).toMatch(/^nothing urgent/);
    expect(m.alerts[0]?.timing).toBe('resolved after 14m');
  });

  it('does mark an escalation and carry the mention', () => {
    const m = renderMessage(cost100Escalation(undefined));
    expect(m.title.startsWith('🚨 🔴 [CRITICAL]')).toBe(true);
    expect(m.mention).toBe('@data-oncall');
    expect(m.intro).toBe('Escalation: still firing and nobody has acknowledged it (not acknowledged by the due time).');
  });

  it('does count the others and put firing alerts first, worst first, when a group has several', () => {
    const resolved75 = {
      ...COST_100_ALERT,
      fingerprint: 'f75',
      status: 'resolved' as const,
      labels: { ...COST_100_ALERT.labels, threshold: '75', severity: 'warning' },
      annotations: { summary: 'cost monitor ACCOUNT_MONTHLY at 75%' },
      endsAt: '2026-11-23T09:10:00.000Z',
    };
    const warning90 = {
      ...COST_100_ALERT,
      fingerprint: 'f90',
      labels: { ...COST_100_ALERT.labels, threshold: '90', severity: 'warning' },
      annotations: { summary: 'cost monitor ACCOUNT_MONTHLY at 90%' },
    };
    const m = renderMessage({ ...COST_100_FIRING, kind: 'update', reason: 'new alerts in group', alerts: [resolved75, warning90, COST_100_ALERT] });
    // The headline is the worst firing alert, so a critical title never carries a warning's summary.
    expect(m.title).toBe('🔴 [CRITICAL] cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended (+1 more)');
    expect(m.alerts.map((a) => a.fingerprint)).toEqual([COST_100_ALERT.fingerprint, 'f90', 'f75']);
    expect(m.intro).toBe('Changed: 2 of 3 alerts firing (new alerts in group).');
  });
});

describe('renderMessage money', () => {
  it('does state a monitor’s spend once, not the sum of its 75/90/100 % alerts, when they share a group', () => {
    const m = renderMessage(COST_TIERS_FIRING);
    expect(m.facts).toContainEqual({ label: 'Spend', value: '285.73 credits (≈ $571)' });
    expect(m.alerts.map((a) => a.numbers)).toEqual([undefined, undefined, undefined]);
  });

  it('does show each alert’s own figure and no group total when the figures differ', () => {
    const m = renderMessage(TWO_MONITORS_FIRING);
    expect(m.facts.find((f) => f.label === 'Spend')).toBeUndefined();
    expect(m.alerts.map((a) => a.numbers)).toEqual(['120.00 credits (≈ $240)', '80.00 credits (≈ $160)']);
  });
});

describe('renderMessage account, zone and headline', () => {
  it('does name the Snowflake account in the headline and the facts when the notification carries it', () => {
    const m = renderMessage(COST_100_ON_ACCOUNT);
    expect(m.title).toBe('🔴 [CRITICAL] xy12345.eu-west-1 · cost monitor ACCOUNT_MONTHLY at 100% — warehouses suspended');
    expect(m.facts).toContainEqual({ label: 'Account', value: 'xy12345.eu-west-1' });
  });

  it("does state a fleet group's account once: the Account fact, not again as its account group label", () => {
    const grouped = { ...COST_100_ON_ACCOUNT, groupLabels: { ...COST_100_ON_ACCOUNT.groupLabels, account: 'xy12345.eu-west-1' } };
    expect(renderMessage(grouped).facts.filter((f) => f.value === 'xy12345.eu-west-1')).toEqual([{ label: 'Account', value: 'xy12345.eu-west-1' }]);
    // A group of another account than the notification's keeps its label.
    const other = { ...COST_100_ON_ACCOUNT, groupLabels: { ...COST_100_ON_ACCOUNT.groupLabels, account: 'dev' } };
    expect(renderMessage(other).facts).toContainEqual({ label: 'account', value: 'dev' });
  });

  it('does read times in the notification’s route zone over the notifier’s default', () => {
    const m = renderMessage(COST_100_ON_ACCOUNT, { timeZone: 'America/New_York' });
    expect(m.due).toBe('respond by Mon 23 Nov 09:15 GMT');
    expect(m.alerts[0]?.timing).toBe('firing since Mon 23 Nov 09:01 GMT');
    expect(JSON.stringify(m)).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('does read the ISO instants a check wrote into alert texts in the route’s zone', () => {
    const alert = {
      ...COST_100_ALERT,
      annotations: {
        summary: 'monitor M is on course for 150% by 2026-12-01T00:00:00.000Z',
        description: 'since 2026-11-23T08:00:00.000Z',
        context: ['seen 2026-11-23T07:30:00Z'],
      },
    };
    const m = renderMessage({ ...COST_100_ON_ACCOUNT, alerts: [alert] });
    expect(m.headline).toBe('xy12345.eu-west-1 · monitor M is on course for 150% by Tue 1 Dec 00:00 GMT');
    expect(m.alerts[0]?.description).toBe('since Mon 23 Nov 08:00 GMT');
    expect(m.context).toEqual(['seen Mon 23 Nov 07:30 GMT']);
  });

  it('does headline the most severe alert, and the most recent among equally severe ones', () => {
    // COST_TIERS_FIRING: 75 % (07:00, warning), 90 % (08:00, warning), 100 % (09:00, critical).
    expect(renderMessage(COST_TIERS_FIRING).headline).toBe('cost monitor ACCOUNT_MONTHLY at 100% (+2 more)');
    const warnings = { ...COST_TIERS_FIRING, alerts: COST_TIERS_FIRING.alerts.slice(0, 2) };
    expect(renderMessage(warnings).headline).toBe('cost monitor ACCOUNT_MONTHLY at 90% (+1 more)');
    expect(renderMessage(warnings).alerts.map((a) => a.fingerprint)).toEqual(['tier90', 'tier75']);
  });
});
