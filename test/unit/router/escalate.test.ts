import { describe, expect, it } from 'vitest';
import { planEscalation } from '../../../src/router/escalate.js';
import { BUILT_IN_NOTIFIERS, notifierRegistry, type ReceiverConfig } from '../../../src/notifiers/registry.js';
import type { NotifierPlugin } from '../../../src/notifiers/notifier-plugin.js';
import { Secret } from '../../../src/config/secret.js';
import { route, testConfig } from './routing-fixture.js';

const due = new Date('2026-11-24T10:30:00Z');
const steps = [
  { afterMs: 0, if: 'unacknowledged' as const, notify: ['a'], mention: '@data-oncall' },
  { afterMs: 30 * 60_000, if: 'unresolved' as const, notify: ['c'] },
];
const slackRoute = route('pipeline-failure', ['alert_type="pipeline_failure"'], ['a'], { escalate: steps });
const pd: ReceiverConfig = { name: 'pd', type: 'pagerduty', sendResolved: true, routingKey: new Secret('k'), server: 'events.pagerduty.com' };
const pagedRoute = route('sla', ['alert_type="sla_breach"'], ['a', 'pd'], { escalate: steps });
const config = testConfig([slackRoute, pagedRoute, route('fallback', [], ['a'])], {
  receivers: { ...testConfig([]).receivers, pd },
});
const state = { dueAt: due, acknowledged: false, resolved: false, done: [] as number[] };

describe('planEscalation', () => {
  it('does wait until the due time and say when to look again', () => {
    expect(planEscalation(config, slackRoute, state, new Date('2026-11-24T10:00:00Z'), BUILT_IN_NOTIFIERS)).toEqual({
      steps: [
        { index: 0, action: 'wait', until: due },
        { index: 1, action: 'wait', until: new Date('2026-11-24T11:00:00Z') },
      ],
      nextAt: due,
    });
  });

  it('does run an unacknowledged step at the due time', () => {
    const plan = planEscalation(config, slackRoute, state, due, BUILT_IN_NOTIFIERS);
    expect(plan.steps[0]).toEqual({ index: 0, action: 'run', step: steps[0], reason: 'unacknowledged at due time' });
    expect(plan.nextAt).toEqual(new Date('2026-11-24T11:00:00Z'));
  });

  it('does skip unacknowledged steps once acknowledged but still run unresolved ones', () => {
    const plan = planEscalation(config, slackRoute, { ...state, acknowledged: true }, new Date('2026-11-24T11:00:00Z'), BUILT_IN_NOTIFIERS);
    expect(plan.steps).toEqual([
      { index: 0, action: 'skip', reason: 'acknowledged' },
      { index: 1, action: 'run', step: steps[1], reason: 'unresolved after due time' },
    ]);
  });

  it('does skip everything once resolved or already run', () => {
    expect(planEscalation(config, slackRoute, { ...state, resolved: true }, due, BUILT_IN_NOTIFIERS).steps.map((s) => s.action)).toEqual(['skip', 'skip']);
    expect(planEscalation(config, slackRoute, { ...state, done: [0] }, due, BUILT_IN_NOTIFIERS).steps[0]).toEqual({
      index: 0,
      action: 'skip',
      reason: 'already run',
    });
  });

  it('does leave escalation to PagerDuty on routes that page', () => {
    expect(planEscalation(config, pagedRoute, state, due, BUILT_IN_NOTIFIERS).steps[0]).toEqual({
      index: 0,
      action: 'skip',
      reason: 'pagerduty owns escalation on this route',
    });
  });

  it('does leave escalation to any notifier whose plug-in owns it, and escalate past a pager that does not', () => {
    const plugin = (type: string, ownsEscalation: boolean): NotifierPlugin => ({
      type,
      keys: [],
      pages: true,
      ownsEscalation,
      validate: ({ base }) => ({ ...base, type }),
      create: () => ({ send: () => Promise.resolve({ ok: true, receiverData: {}, providerResponse: '' }) }),
    });
    const notifiers = notifierRegistry([plugin('opsgenie', true), plugin('sms', false)]);
    const withReceiver = (type: string) => testConfig([], { receivers: { ...testConfig([]).receivers, x: { name: 'x', type, sendResolved: true } } });
    const xRoute = route('x', [], ['a', 'x'], { escalate: steps });
    expect(planEscalation(withReceiver('opsgenie'), xRoute, state, due, notifiers).steps[0]).toEqual({
      index: 0,
      action: 'skip',
      reason: 'opsgenie owns escalation on this route',
    });
    expect(planEscalation(withReceiver('sms'), xRoute, state, due, notifiers).steps[0]).toMatchObject({ index: 0, action: 'run' });
    // The registry decides: without the plug-in's line nothing owns escalation on the route.
    expect(planEscalation(withReceiver('opsgenie'), xRoute, state, due, BUILT_IN_NOTIFIERS).steps[0]).toMatchObject({ action: 'run' });
  });
});
