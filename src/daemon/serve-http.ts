/**
 * The daemon's HTTP step: serves /healthz, /readyz, /metrics and the dashboard (src/daemon/http-server.ts
 * builds the app) unless `daemon.http` is false. Readiness asks the store, the last cycle and the lease.
 */

import { sql, type Kysely } from 'kysely';
import { buildDashboard } from '../dashboard/dashboard-app.js';
import type { Database } from '../ledger/database.js';
import { tickIntervalMs } from './daemon-jobs.js';
import { firstWatch, type Daemon } from './daemon-runtime.js';
import { buildHttpApp, listen } from './http-server.js';
import { message } from './loop-settings.js';
import { decideReadiness } from './readiness.js';
import { isFleet } from './account-fences.js';

export async function serveHttp(daemon: Daemon): Promise<void> {
  const { rt, now } = daemon;
  const http = daemon.deps.http ?? rt.config.daemon.http;
  if (http === false) return;
  const maxCycleAgeMs = 3 * tickIntervalMs(rt.config.daemon.freeLoop, rt.config.daemon.timezone);
  rt.server = await listen(
    buildHttpApp({
      metrics: daemon.metrics.registry,
      dashboard: buildDashboard({
        db: () => rt.store?.db,
        settings: () => ({
          dashboard: rt.config.daemon.dashboard,
          usdPerCredit: rt.config.pricing.usdPerCredit,
          account: firstWatch(rt)?.settings.account,
          accounts: rt.config.accounts.map((a) => a.name),
          accountSettings: new Map(
            rt.config.accounts.map((a) => [
              a.name,
              { account: rt.accountSettings.get(a.name)?.account, snowsightUrl: a.snowsightUrl, usdPerCredit: a.usdPerCredit },
            ]),
          ),
        }),
        now,
      }),
      health: async () =>
        decideReadiness(
          {
            store: await probeStore(daemon),
            lastCycleAt: rt.lastCycleAt,
            startedAt: daemon.startedAt,
            maxCycleAgeMs,
            ...(rt.leader ? { leader: rt.leader.isLeader() } : {}),
            // Fleet mode: a replica holding no account runs no cycle and is ready on the store alone.
            ...(isFleet(rt.config) && rt.assignment ? { accountsHeld: rt.assignment.held().size } : {}),
          },
          now(),
        ),
    }),
    http.port,
    http.host,
  );
}

async function probeStore(daemon: Daemon): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await sql`select 1`.execute(daemon.rt.store?.db as Kysely<Database>);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: message(error) };
  }
}
