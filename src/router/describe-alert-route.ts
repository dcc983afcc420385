/**
 * What the routing table does with one label set at one instant, as text for `route-test`: each
 * (route, receiver) it reaches, its group key, whether delivery would go now or be deferred, config
 * silences that mute it, and when a response would be due if it fired now. Inhibition needs the other
 * alerts, so it is not shown here.
 */

import type { Labels } from '../alerts/alert.js';
import { dueAt } from './business-clock.js';
import { groupKey, groupLabels } from './group.js';
import { matchRoutes } from './route-tree.js';
import type { RoutingConfig } from './routing-config.js';
import { silencer } from './silence.js';
import { windowState } from './time-windows.js';

export function describeAlertRoute(config: RoutingConfig, labels: Labels, now: Date): string {
  const matched = matchRoutes(config, labels);
  const lines = [
    `alert ${
      Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ') || '(no labels)'
    } at ${now.toISOString()}:`,
  ];
  const silenced = silencer(config.silences).mutes(labels, now);
  if (silenced) lines.push(`  muted: ${silenced}`);
  for (const m of matched) {
    const window = windowState(config, m.deliverDuring, now);
    const delivery = window.open
      ? 'deliver now'
      : `deferred: outside ${window.interval}, ${window.nextOpen ? `opens ${window.nextOpen.toISOString()}` : 'never opens again'}`;
    lines.push(`  ${m.route} -> ${m.receiver}: ${delivery}`);
    lines.push(`    group ${groupKey(config, m.route, groupLabels(m.groupBy, labels))}`);
    if (m.response) lines.push(`    response due ${dueAt(m.response, now, config).toISOString()} if it fired now`);
  }
  return lines.join('\n');
}
