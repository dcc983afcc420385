/**
 * The organization step at a fleet's first start: the first account's first warehouse cycle comes before
 * the other accounts have stored their daily spend. That run compares what it can and claims the day for
 * an hour only; once every account has a figure, the next due run compares them all and the day is done.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { CheckSnapshotStore } from '../../../src/ledger/check-snapshot-store.js';
import { lastRunClaim } from '../../../src/ledger/claim-due-run.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';
import { ROUTING, T0 } from './run-harness.js';

const PASSWORD = 'SNOWMON_ORG_FIRST_START_PASSWORD';
const HOUR = 3_600_000;
let emulator: RunningEmulator;
let daemon: DaemonHandle;
let folder: string;

/** Statements the organization step sent since `from`. */
const organizationStatements = (from: number) => emulator.statements.slice(from).filter((s) => s.queryTag?.includes('"organization_usage"'));

beforeAll(async () => {
  process.env[PASSWORD] = 'snowmon-demo-password';
  const clock = new FrozenClock(T0);
  emulator = await startEmulator({
    clock,
    scenario: { days: 30, queryHistoryRows: 1000 },
    accounts: ['hq', ...FLEET_ACCOUNTS],
    organization: { account: 'hq' },
    advanceClockWithQueries: false,
  });
  folder = mkdtempSync(join(tmpdir(), 'snowmon-org-first-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  const file = join(folder, 'snowmon.yaml');
  const organization = [
    'organization:',
    '  account: hq',
    `  access_url: ${emulator.url}`,
    '  role: SNOWMON_ROLE',
    '  warehouse: SNOWMON_WH',
    '  budget: { monthly_amount: 1000 }',
  ];
  const store = ['store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''];
  writeFileSync(file, [...fleetConfigLines(emulator.url, PASSWORD), ...organization, ...store].join('\n'));
  const config = await loadConfig(file, process.env);
  daemon = runDaemon(config, {
    routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts),
    now: () => clock.now(),
    resolveSettings: (_config, account) => resolveAccountSettings(account, process.env),
    logger: createLogger({ level: 'silent' }),
    notifierDeps: { out: { write: () => undefined } },
    schedule: false,
    http: false,
  });
  await daemon.ready;
}, 120_000);

afterAll(async () => {
  await daemon?.stop('test over');
  await emulator?.stop();
  delete process.env[PASSWORD];
});

describe('the organization step before every account stored its spend', () => {
  it('does claim the day for an hour only, then compares every account once they have a figure and claims the day', async () => {
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const organization = async () => (await new CheckSnapshotStore(db).all()).find((s) => s.check === 'organization_usage');
      const devRow = async () => (await organization())?.rows.find((r) => r['account'] === 'dev');
      let from = emulator.statements.length;
      await daemon.runWarehouseCycle(T0, 'prod');
      expect(organizationStatements(from)).toHaveLength(3);
      expect(Number((await devRow())?.['days_compared'])).toBe(0);
      expect((await lastRunClaim(db, 'organization_usage'))?.nextDueAt).toEqual(new Date(T0.getTime() + HOUR));

      // Within the hour: not read again, even once dev has stored its spend.
      await daemon.runWarehouseCycle(new Date(T0.getTime() + HOUR / 4), 'dev');
      from = emulator.statements.length;
      await daemon.runWarehouseCycle(new Date(T0.getTime() + HOUR / 2), 'prod');
      expect(organizationStatements(from)).toHaveLength(0);

      // After it: read again, dev compared (its 2 USD a credit against the bill's 3), and the day is done.
      const at = new Date(T0.getTime() + HOUR);
      await daemon.runWarehouseCycle(at, 'prod');
      expect(Number((await devRow())?.['days_compared'])).toBeGreaterThan(20);
      expect((await organization())?.findings.some((f) => f.labels['finding'] === 'billing_gap' && f.labels['account'] === 'dev')).toBe(true);
      expect((await lastRunClaim(db, 'organization_usage'))?.nextDueAt).toEqual(new Date(at.getTime() + 23 * HOUR));
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it("does label the organization's alerts with the organization and no account, a billing gap with its own account's, all stored under the first", async () => {
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const rows = await db
        .selectFrom('alerts')
        .select(['labels', 'account'])
        .where('check', '=', 'organization_usage')
        .where('status', '=', 'firing')
        .execute();
      const alerts = rows.map((r) => ({ account: r.account, labels: JSON.parse(r.labels) as Record<string, string> }));
      const budget = alerts.find((a) => a.labels['budget'] === 'organization' && a.labels['threshold'] === '100');
      expect(budget?.labels['organization']).toBe('hq');
      expect(budget?.labels['account']).toBeUndefined();
      expect(budget?.labels['team']).toBeUndefined(); // prod's labels: not prod's alert
      const gap = alerts.find((a) => a.labels['finding'] === 'billing_gap');
      expect([gap?.labels['account'], gap?.labels['team'], gap?.labels['organization']]).toEqual(['dev', undefined, 'hq']);
      expect(new Set(alerts.map((a) => a.account))).toEqual(new Set(['prod']));
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
