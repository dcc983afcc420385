import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/alerts/alert.js';
import type { Labels } from '../../../src/alerts/alert.js';
import { groupKey, groupLabels } from '../../../src/router/group.js';
import { inhibitor } from '../../../src/router/inhibit.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { allMuters } from '../../../src/router/muter.js';
import { routeAlerts } from '../../../src/router/route-alerts.js';
import type { GroupAlert } from '../../../src/router/route-alerts.js';
import { matchRoutes } from '../../../src/router/route-tree.js';
import { silencer } from '../../../src/router/silence.js';
import { windowState } from '../../../src/router/time-windows.js';
import type { RoutingConfig } from '../../../src/router/routing-config.js';

const env = {
  SLACK_BOT_TOKEN: 'xoxb-dummy',
  PD_ROUTING_KEY: 'pd-dummy',
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'dummy',
};
const tier = (threshold: string): Labels => ({ alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold, cycle_start: '2026-11-01' });
const of = (labels: Labels, status: 'firing' | 'resolved'): GroupAlert => ({ fingerprint: fingerprint(labels), labels, status });

/** One flush of the group an alert belongs to, the way the daemon will wire it. */
function flushFor(
  config: RoutingConfig,
  alert: GroupAlert,
  everything: readonly GroupAlert[],
  log: Record<string, { firing: string[]; resolved: string[]; timestamp: Date }>,
  now: Date,
) {
  const targets = matchRoutes(config, alert.labels);
  const muter = allMuters([inhibitor(config.inhibitRules, everything), silencer(config.silences)]);
  return routeAlerts({ alerts: [alert], targets, muter, window: windowState(config, targets[0]?.deliverDuring, now), log, now });
}

describe('the shipped routing table over a cost cycle', () => {
  it('does defer 75 % over the weekend, send it Monday, go quiet under 90 %, and still resolve it', async () => {
    const config = await loadRouting('config/routing.yaml', env);
    const a75 = of(tier('75'), 'firing');
    const a90 = of(tier('90'), 'firing');
    expect(groupKey(config, 'cost-75', groupLabels(['alert_type', 'monitor'], a75.labels))).toBe(
      '{}/{alert_type="cost_monitor",threshold="75"}:{alert_type="cost_monitor", monitor="ACCOUNT_MONTHLY"}',
    );

    const saturday = new Date('2026-11-28T10:00:00Z');
    expect(flushFor(config, a75, [a75], {}, saturday)).toEqual([
      {
        action: 'defer',
        receiver: 'slack-data-costs',
        until: new Date('2026-11-30T09:00:00Z'),
        reason: 'first notification, deferred: outside business_hours',
      },
    ]);

    const monday = new Date('2026-11-30T09:00:00Z');
    expect(flushFor(config, a75, [a75], {}, monday)).toMatchObject([{ action: 'send', kind: 'firing', firing: [a75.fingerprint] }]);
    const log75 = { 'slack-data-costs': { firing: [a75.fingerprint], resolved: [], timestamp: monday } };

    const later = new Date('2026-11-30T11:00:00Z');
    expect(flushFor(config, a75, [a75, a90], log75, later)).toMatchObject([
      { action: 'skip', reason: 'all firing alerts muted (inhibited by cost-90-over-75)' },
    ]);
    expect(flushFor(config, a90, [a75, a90], {}, later).map((a) => [a.action, a.receiver])).toEqual([
      ['send', 'slack-data-costs'],
      ['send', 'email-lead'],
    ]);

    const resolved75 = of(tier('75'), 'resolved');
    expect(flushFor(config, resolved75, [resolved75, a90], log75, later)).toMatchObject([
      { action: 'send', kind: 'resolved', reason: 'all resolved', resolved: [a75.fingerprint], muted: [{ reason: 'inhibited by cost-90-over-75' }] },
    ]);
  });

  it('does page for 100 % at once and inhibit both lower tiers of the same monitor only', async () => {
    const config = await loadRouting('config/routing.yaml', env);
    const a100 = of(tier('100'), 'firing');
    const other90 = of({ ...tier('90'), monitor: 'WH_ETL_MONITOR' }, 'firing');
    const muter = inhibitor(config.inhibitRules, [a100, other90]);
    expect(muter.mutes(tier('90'), new Date())).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(tier('75'), new Date())).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(other90.labels, new Date())).toBeUndefined();
    const sunday = new Date('2026-11-29T03:00:00Z');
    expect(flushFor(config, a100, [a100], {}, sunday).map((a) => [a.action, a.receiver])).toEqual([
      ['send', 'slack-data-costs'],
      ['send', 'pagerduty-data'],
    ]);
  });
});
