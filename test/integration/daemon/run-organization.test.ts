/**
 * The daemon's organization step against the emulator: with `organization:` and `budgets:` in config, a
 * warehouse cycle keeps the budgets and, once a day, reads the organization's bill on its own session;
 * their alerts reach the store and the console receivers. The bill is seeded in ORGANIZATION_USAGE.
 */

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { seedOrganizationUsage } from '../../support/organization-usage.js';
import { PASSWORD_VAR, startHarness, T0, type Harness } from './run-harness.js';

let h: Harness;
let db: Kysely<Database>;

/** Statements the organization step sent since `from` (its three views, tagged with its check). */
const organizationStatements = (from: number) => h.emulator.statements.slice(from).filter((s) => s.queryTag?.includes('"organization_usage"'));

beforeAll(async () => {
  h = await startHarness();
  await seedOrganizationUsage(h.emulator, h.emulator.accountName.toUpperCase(), 2.5);
  appendFileSync(
    h.configFile,
    [
      'organization:',
      `  account: myorg-${h.emulator.accountName}`,
      `  access_url: ${h.emulator.url}`,
      '  role: SNOWMON_ROLE',
      '  warehouse: SNOWMON_WH',
      '  budget: { monthly_amount: 1000 }',
      'budgets:',
      '  - { name: data-eng, label: owner, value: data_eng, monthly_credits: 10 }',
      '',
    ].join('\n'),
  );
  expect(await h.daemon.reload()).toBe(true);
  db = await openDatabase(`sqlite:${join(h.folder, 'alerts.db')}`);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await h?.close();
});

describe('snowmon run organization step', () => {
  it('does read the bill once after a warehouse cycle, on its own session, and store its alerts with the budgets', async () => {
    expect(process.env[PASSWORD_VAR]).toBeDefined();
    const from = h.emulator.statements.length;
    const record = await h.daemon.runWarehouseCycle(T0);
    expect(record?.outcomes.find((o) => o.name === 'budgets')?.status).toBe('ok');
    expect(organizationStatements(from)).toHaveLength(3);
    const active = await new AlertLedger(db).active();
    const budgets = active.filter((a) => a.labels['alert_type'] === 'cost_budget').map((a) => `${a.labels['budget']} ${a.labels['threshold']}`);
    // The organization spent far more than 1000 this month, data-eng far more than 10 credits.
    expect(budgets).toEqual(expect.arrayContaining(['organization 100', 'data-eng 100']));
    // One account: the organization's alerts are that account's, as before (no `organization` label).
    const organizationBudget = active.find((a) => a.labels['budget'] === 'organization');
    expect([organizationBudget?.labels['account'], organizationBudget?.labels['organization']]).toEqual([h.emulator.accountName, undefined]);

    expect(active.some((a) => a.labels['finding'] === 'billing_gap')).toBe(true);
    await h.daemon.deliverDue(T0);
    expect(h.console.some((text) => text.includes('budget data-eng (owner data_eng) at'))).toBe(true);
    // The fallback route groups by alert_type: the organization's budget joins that group, told at its next interval.
    await h.daemon.deliverDue(new Date(T0.getTime() + 6 * 60_000));
    expect(h.console.some((text) => text.includes('organization budget (organization) at'))).toBe(true);
  }, 60_000);

  it('does not read it again within its daily cadence, and reads it the next day', async () => {
    let from = h.emulator.statements.length;
    await h.daemon.runWarehouseCycle(new Date(T0.getTime() + 2 * 3_600_000));
    expect(organizationStatements(from)).toHaveLength(0);
    from = h.emulator.statements.length;
    await h.daemon.runWarehouseCycle(new Date(T0.getTime() + 86_400_000));
    expect(organizationStatements(from)).toHaveLength(3);
  }, 60_000);
});
