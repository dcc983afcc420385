/**
 * Resource monitors that SHOW WAREHOUSES names but SHOW RESOURCE MONITORS does not list: SHOW lists only
 * monitors the role holds MONITOR or MODIFY on, so such a warehouse is covered, by a monitor snowmon
 * cannot watch. Finds them and words the one finding with the grants that fix it. Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { str } from './row-values.js';

/** Invisible monitor → the warehouses that name it, both sorted. */
export function invisibleMonitors(warehouses: readonly Row[], monitors: readonly Row[]): ReadonlyMap<string, readonly string[]> {
  const visible = new Set(monitors.map((m) => str(m['name'])?.toUpperCase()).filter(Boolean));
  const byMonitor = new Map<string, string[]>();
  for (const w of warehouses) {
    const monitor = str(w['resource_monitor']);
    if (monitor === undefined || visible.has(monitor.toUpperCase())) continue;
    byMonitor.set(monitor, [...(byMonitor.get(monitor) ?? []), str(w['name']) ?? '?'].sort());
  }
  return new Map([...byMonitor].sort(([a], [b]) => a.localeCompare(b)));
}

/** The one info finding for the invisible monitors, or undefined when there are none. */
export function invisibleMonitorsFinding(invisible: ReadonlyMap<string, readonly string[]>, role: string | undefined): Finding | undefined {
  if (invisible.size === 0) return undefined;
  const grantee = role ?? '<snowmon role>';
  const listed = [...invisible].map(([monitor, warehouses]) => `${monitor} (named by ${warehouses.join(', ')})`);
  const grants = [...invisible.keys()].map((monitor) => `grant monitor on resource monitor ${monitor} to role ${grantee};`);
  return {
    severity: 'info',
    summary:
      `snowmon cannot see ${invisible.size === 1 ? 'resource monitor' : `${invisible.size} resource monitors`} ` +
      `${listed.join('; ')}: the warehouses are covered, but their quota and triggers go unwatched`,
    labels: { alert_type: 'monitor_health', component: 'grants', finding: 'invisible_resource_monitors' },
    recommendation: `SHOW RESOURCE MONITORS lists only monitors the role holds MONITOR on. As ACCOUNTADMIN: ${grants.join(' ')}`,
  };
}
