/**
 * The dashboard alone on a port of its own (127.0.0.1, port 0), as the daemon mounts it but with a fresh
 * metrics registry and an always-ready health: for tests that read pages over a seeded store. Test helper.
 */

import { Registry } from 'prom-client';
import { buildHttpApp, listen, type RunningServer } from '../../src/daemon/http-server.js';
import { buildDashboard, type DashboardAppOptions } from '../../src/dashboard/dashboard-app.js';

export function serveDashboard(options: DashboardAppOptions): Promise<RunningServer> {
  return listen(buildHttpApp({ metrics: new Registry(), health: async () => ({ ready: true }), dashboard: buildDashboard(options) }), 0, '127.0.0.1');
}
