/**
 * `snowmon audit` over several accounts with `organization:`: the bill (the emulator's organization account,
 * billing each served account at 3.00 a credit) is compared with every audited account's own daily_credits,
 * not only the first one's, so an account priced wrong in config is reported even when it is not first.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/audit.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { captureCli } from './capture-cli.js';
import { fleetConfigLines } from '../../support/fleet-config.js';

const PASSWORD_VAR = 'SNOWMON_AUDIT_FLEET_ORG_PASSWORD';
let emulator: RunningEmulator;
let config: string;

interface JsonReport {
  account: string;
  checks: { name: string; status: string; rows: Record<string, unknown>[]; findings: { labels: Record<string, string> }[] }[];
}

beforeAll(async () => {
  emulator = await startEmulator({
    clock: new FrozenClock('2026-11-20T15:00:00Z'),
    scenario: { days: 30, queryHistoryRows: 1000 },
    accounts: ['hq', 'prod-acct', 'dev-acct'],
    organization: { account: 'hq' },
  });
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-audit-fleet-org-'));
  writeFileSync(join(folder, 'routing.yaml'), 'version: 1\nreceivers:\n  console: { type: console }\nroutes:\n  - name: all\n    notify: [console]\n');
  config = join(folder, 'snowmon.yaml');
  const organization = ['organization:', '  account: hq', `  access_url: ${emulator.url}`, '  role: SNOWMON_ROLE', '  warehouse: SNOWMON_WH'];
  writeFileSync(
    config,
    [...fleetConfigLines(emulator.url, PASSWORD_VAR), ...organization, 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join(
      '\n',
    ),
  );
  process.env[PASSWORD_VAR] = 'snowmon-demo-password';
}, 180_000);

afterAll(async () => {
  delete process.env[PASSWORD_VAR];
  await emulator?.stop();
});

describe('snowmon audit over several accounts with organization:', () => {
  it("does compare the bill with every account's own metering, reporting the second account's wrong price", async () => {
    const result = await captureCli(run, ['--config', config, '--check', 'organization_usage', '--format', 'json', '--quiet']);
    expect(result.stderr).toBe('');
    const [prod, dev] = JSON.parse(result.stdout) as JsonReport[];
    expect([prod?.account, dev?.account]).toEqual(['prod', 'dev']);
    // The view runs once, in the first account's section; daily_credits, run only for it, is shown nowhere.
    expect(prod?.checks.map((c) => [c.name, c.status])).toEqual([['organization_usage', 'ok']]);
    expect(dev?.checks).toEqual([]);
    const organization = prod!.checks[0]!;
    const compared = (name: string) => Number(organization.rows.find((r) => r['account'] === name)?.['days_compared']);
    expect(compared('prod')).toBeGreaterThan(20);
    expect(compared('dev')).toBe(compared('prod'));
    const gaps = organization.findings.filter((f) => f.labels['finding'] === 'billing_gap').map((f) => f.labels['account']);
    expect(gaps).toEqual(['dev']);
    // Labelled as the daemon labels them (several accounts): the organization named, each gap its own account's.
    expect(organization.findings.every((f) => f.labels['organization'] === 'hq')).toBe(true);
    expect(organization.findings.filter((f) => f.labels['account'] === undefined).every((f) => f.labels['team'] === undefined)).toBe(true);
  });
});
