/**
 * Fleet-wide budgets with the real daemon on SQLite watching two emulated accounts (real snowflake-sdk):
 * a team budget with no `account:` is kept against the team's spend in prod plus in dev, each account's part
 * stored by its own warehouse cycle and summed in the first account's. Each account alone is under 75 %,
 * the sum past 100 %: one alert per threshold, no `account` label. Without dev's figure the sum is partial
 * and resolves nothing. On SQLite (one daemon, every account) and on Postgres (fleet mode: the account leases,
 * the sum under the first account's; needs DATABASE_URL). Expected spend from the seeded tables with plain
 * SQL, never from snowmon's output.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';
import { postgresUrl } from '../../support/postgres-url.js';
import { jsonLogs, ROUTING, T0 } from './run-harness.js';

const PASSWORD = 'SNOWMON_FLEET_BUDGETS_PASSWORD';
const TEAM = `a.query_tag like '%"team":"data_science"%'`;
const databaseUrl = postgresUrl();
const STORES = [
  { store: 'sqlite', url: 'sqlite:./alerts.db' },
  { store: 'postgres', url: databaseUrl },
] as const;

describe.each(STORES)('a budget of no account over two accounts ($store)', ({ store, url }) => {
  let emulator: RunningEmulator;
  let daemon: DaemonHandle;
  let folder: string;
  let file: string;
  let clock: FrozenClock;
  const spent: Record<string, number> = {};
  const console: string[] = [];
  const schema = `snowmon_fleet_budgets_${randomBytes(6).toString('hex')}`;
  const open = () => (store === 'sqlite' ? openDatabase(`sqlite:${join(folder, 'alerts.db')}`) : openDatabase(url as string, { schema }));

  async function teamCredits(account: string): Promise<number> {
    const handle = await emulator.accountByName(account);
    const [row] = await handle.queryRaw(`
    select coalesce(sum(a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0)), 0)::DOUBLE as credits
    from snowflake.account_usage.query_attribution_history a
    where a.start_time >= TIMESTAMPTZ '2026-11-01T00:00:00Z' and a.start_time <= TIMESTAMPTZ '${T0.toISOString()}' and ${TEAM}`);
    return Number(row?.['credits'] ?? 0);
  }

  async function budgetAlerts(): Promise<{ account: string | null; status: string; labels: Record<string, string> }[]> {
    const db = await open();
    try {
      const rows = await db.selectFrom('alerts').select(['account', 'status', 'labels']).where('check', '=', 'budgets').execute();
      return rows.map((r) => ({ account: r.account, status: r.status, labels: fromDbJson<Record<string, string>>(r.labels) }));
    } finally {
      await db.destroy();
    }
  }

  async function dropSnapshot(account: string): Promise<void> {
    const db = await open();
    try {
      await db.deleteFrom('check_snapshots').where('account', '=', account).where('check', '=', 'budgets').execute();
    } finally {
      await db.destroy();
    }
  }

  beforeAll(async () => {
    if (url === undefined) return;
    process.env[PASSWORD] = 'snowmon-demo-password';
    clock = new FrozenClock(T0);
    emulator = await startEmulator({ clock, scenario: { days: 30, queryHistoryRows: 1000 }, accounts: FLEET_ACCOUNTS, advanceClockWithQueries: false });
    spent['prod'] = await teamCredits('prod-acct');
    spent['dev'] = await teamCredits('dev-acct');
    // Each account alone at 1/1.6 of the larger part or less of the amount, the sum at 110 %.
    const amount = (spent['prod'] + spent['dev']) / 1.1;
    folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-budgets-'));
    writeFileSync(join(folder, 'routing.yaml'), ROUTING);
    file = join(folder, 'snowmon.yaml');
    const budgets = ['budgets:', `  - { name: science, label: team, value: data_science, monthly_credits: ${amount} }`];
    writeFileSync(
      file,
      [...fleetConfigLines(emulator.url, PASSWORD), ...budgets, 'store:', `  url: ${JSON.stringify(url)}`, 'routing:', '  file: ./routing.yaml', ''].join('\n'),
    );
    const load = async () => {
      const config = await loadConfig(file, process.env);
      return { config, routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts) };
    };
    const { config, routing } = await load();
    daemon = runDaemon(config, {
      routing,
      reloadConfig: load,
      now: () => clock.now(),
      ...(store === 'postgres' ? { openStore: (u: string) => openDatabase(u, { schema }) } : {}),
      resolveSettings: (_config, account) => resolveAccountSettings(account, process.env),
      logger: createLogger({ level: 'info', destination: jsonLogs().destination }),
      notifierDeps: { out: { write: (text: string) => console.push(text) } },
      schedule: false,
      http: false,
    });
    await daemon.ready;
  }, 180_000);

  afterAll(async () => {
    await daemon?.stop('test over');
    await emulator?.stop();
    delete process.env[PASSWORD];
    if (store === 'postgres' && url !== undefined) {
      const db = await open();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    }
  });

  describe.skipIf(url === undefined)('with the daemon', () => {
    it('does keep each account under 75 % on its own and the sum past 100 % (the seeded spend)', () => {
      const amount = (spent['prod']! + spent['dev']!) / 1.1;
      expect(spent['prod']! / amount).toBeGreaterThan(0.05);
      expect(spent['dev']! / amount).toBeGreaterThan(0.05);
      expect(spent['prod']! / amount).toBeLessThan(0.75);
      expect(spent['dev']! / amount).toBeLessThan(0.75);
    });

    it("does raise one alert per threshold with no account when the first account's cycle sums both parts", async () => {
      await daemon.runWarehouseCycle(T0, 'dev');
      expect(await budgetAlerts()).toEqual([]); // dev's own cycle: its part only, no finding
      await daemon.runWarehouseCycle(T0, 'prod');
      const alerts = await budgetAlerts();
      expect(alerts.map((a) => [a.account, a.status, a.labels['threshold'], a.labels['account']])).toEqual([
        ['', 'firing', '75', undefined],
        ['', 'firing', '90', undefined],
        ['', 'firing', '100', undefined],
      ]);
      expect(alerts[2]?.labels).toMatchObject({ alert_type: 'cost_budget', budget: 'science', team: 'data_science' });
      expect(alerts[2]?.labels).not.toHaveProperty('team', 'core'); // not prod's labels
      await daemon.deliverDue(T0);
      const told = console.filter((t) => t.includes('budget science (team data_science) over all accounts'));
      expect(told.length).toBeGreaterThan(0);
      expect(told.join('\n')).toContain('[2 of 2 accounts measured: prod ');
      expect(told.join('\n')).toContain(', dev ');
    });

    it("does not resolve the 100 % alert from a sum missing an account's figure", async () => {
      await dropSnapshot('dev');
      const later = new Date(T0.getTime() + 3_600_000);
      await daemon.runWarehouseCycle(later, 'prod');
      expect((await budgetAlerts()).map((a) => [a.labels['threshold'], a.status])).toEqual([
        ['75', 'firing'],
        ['90', 'firing'],
        ['100', 'firing'],
      ]);
    });

    it('does resolve them once the budget is limited to accounts (no budget of no account is left)', async () => {
      writeFileSync(file, readFileSync(file, 'utf8').replace('value: data_science,', 'value: data_science, account: [prod, dev],'));
      const later = new Date(T0.getTime() + 2 * 3_600_000);
      expect(await daemon.reload()).toBe(true);
      // Postgres: the reload's new watches take their leases at the next lease round.
      for (let i = 0; i < 200 && !daemon.watching().includes('prod'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await daemon.runWarehouseCycle(later, 'prod')).toBeDefined();
      const alerts = await budgetAlerts();
      expect(alerts.filter((a) => a.account === '').map((a) => [a.labels['threshold'], a.status])).toEqual([
        ['75', 'resolved'],
        ['90', 'resolved'],
        ['100', 'resolved'],
      ]);
    });
  });
});
