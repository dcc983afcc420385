/**
 * `snowmon audit` over two emulated accounts (real snowflake-sdk) with a team budget of no `account:`: each
 * account's section has only its part (no finding), the first shows the sum once (`fleet_budgets`), and
 * `--notify` keeps it as the daemon does: check budgets, no account label. Each account alone is under 75 %,
 * the sum past 100 %; the expected spend comes from the seeded tables with plain SQL.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/audit.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { captureCli } from './capture-cli.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';

const PASSWORD_VAR = 'SNOWMON_AUDIT_FLEET_BUDGETS_PASSWORD';
const NOW = '2026-11-20T15:00:00Z';
let emulator: RunningEmulator;
let folder: string;
let config: string;
let amount: number;

async function teamCredits(account: string): Promise<number> {
  const handle = await emulator.accountByName(account);
  const [row] = await handle.queryRaw(`
    select coalesce(sum(a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0)), 0)::DOUBLE as credits
    from snowflake.account_usage.query_attribution_history a
    where a.start_time >= TIMESTAMPTZ '2026-11-01T00:00:00Z' and a.start_time <= TIMESTAMPTZ '${NOW}' and a.query_tag like '%"team":"data_science"%'`);
  return Number(row?.['credits'] ?? 0);
}

beforeAll(async () => {
  emulator = await startEmulator({
    clock: new FrozenClock(NOW),
    scenario: { queryHistoryRows: 1000 },
    accounts: FLEET_ACCOUNTS,
    advanceClockWithQueries: false,
  });
  const prod = await teamCredits('prod-acct');
  const dev = await teamCredits('dev-acct');
  amount = (prod + dev) / 1.1;
  expect(Math.max(prod, dev) / amount).toBeLessThan(0.75);
  folder = mkdtempSync(join(tmpdir(), 'snowmon-audit-fleet-budgets-'));
  writeFileSync(join(folder, 'routing.yaml'), 'version: 1\nreceivers:\n  console: { type: console }\nroutes:\n  - name: all\n    notify: [console]\n');
  config = join(folder, 'snowmon.yaml');
  const budgets = ['budgets:', `  - { name: science, label: team, value: data_science, monthly_credits: ${amount} }`];
  writeFileSync(
    config,
    [...fleetConfigLines(emulator.url, PASSWORD_VAR), ...budgets, 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join('\n'),
  );
  process.env[PASSWORD_VAR] = 'snowmon-demo-password';
}, 120_000);

afterAll(async () => {
  delete process.env[PASSWORD_VAR];
  await emulator?.stop();
});

interface JsonReport {
  readonly account: string;
  readonly checks: { name: string; status: string; rows: Record<string, unknown>[]; findings: { labels: Record<string, string>; summary: string }[] }[];
}

describe('snowmon audit: a budget of no account over several accounts', () => {
  it('does show the sum once, in the first section, and only parts (no finding) in each account', async () => {
    const out = await captureCli(run, ['--config', config, '--check', 'budgets', '--format', 'json', '--quiet', '--fail-on', 'never']);
    const reports = JSON.parse(out.stdout) as JsonReport[];
    expect(reports.map((r) => r.checks.map((c) => c.name))).toEqual([['budgets', 'fleet_budgets'], ['budgets']]);
    for (const r of reports) expect(r.checks.find((c) => c.name === 'budgets')?.findings).toEqual([]);
    const sum = reports[0]!.checks[1]!;
    expect(sum.status).toBe('ok');
    expect(sum.rows[0]).toMatchObject({ name: 'science', accounts: '2 of 2 accounts measured' });
    expect(Number(sum.rows[0]?.['pct'])).toBeCloseTo(110, 6);
    expect(sum.findings.map((f) => [f.labels['threshold'], f.labels['account']])).toEqual([
      ['75', undefined],
      ['90', undefined],
      ['100', undefined],
    ]);
  });

  it('does print the sum in the table once, under the first account', async () => {
    const out = await captureCli(run, ['--config', config, '--check', 'budgets', '--quiet', '--fail-on', 'never']);
    expect(out.stdout.match(/2 of 2 accounts measured/g)?.length).toBeGreaterThan(0);
    expect(out.stdout.indexOf('2 of 2 accounts measured')).toBeLessThan(out.stdout.indexOf('snowmon audit · dev'));
  });

  it('does keep the sum with --notify as the daemon does: check budgets, no account', async () => {
    const out = await captureCli(run, ['--config', config, '--check', 'budgets', '--quiet', '--notify', '--fail-on', 'never']);
    expect(out.stderr).toContain('all accounts: ');
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const rows = await db.selectFrom('alerts').select(['account', 'check', 'labels']).where('status', '=', 'firing').execute();
      const budgets = rows.filter((r) => fromDbJson<Record<string, string>>(r.labels)['alert_type'] === 'cost_budget');
      expect(budgets.map((r) => [r.check, r.account, fromDbJson<Record<string, string>>(r.labels)['account']])).toEqual([
        ['budgets', '', undefined],
        ['budgets', '', undefined],
        ['budgets', '', undefined],
      ]);
    } finally {
      await db.destroy();
    }
  });
});
