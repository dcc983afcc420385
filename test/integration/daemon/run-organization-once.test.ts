/**
 * The organization step across replicas: two daemons on one Postgres store, each watching the first
 * account (a handover, or both catching up the day's warehouse cycle), run their warehouse cycles at the
 * same moment; the organization's bill is read by one of them, once a day.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { lastRunClaim } from '../../../src/ledger/claim-due-run.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { seedOrganizationUsage } from '../../support/organization-usage.js';
import { DIALECTS, type TestStore } from '../ledger/dialects.js';
import { configText, PASSWORD_VAR, ROUTING, T0 } from './run-harness.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');

describe('the organization step with two replicas on one Postgres store', () => {
  if (postgres === undefined || postgres.skip !== undefined) {
    it.skip(postgres?.skip ?? 'no Postgres dialect', () => {});
    return;
  }
  let emulator: RunningEmulator;
  let store: TestStore;
  const daemons: DaemonHandle[] = [];
  /** Statements the organization step sent since `from`. */
  const organizationStatements = (from: number) => emulator.statements.slice(from).filter((s) => s.queryTag?.includes('"organization_usage"'));

  beforeAll(async () => {
    process.env[PASSWORD_VAR] = 'snowmon-demo-password';
    const clock = new FrozenClock(T0);
    emulator = await startEmulator({ clock, scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
    await seedOrganizationUsage(emulator, emulator.accountName.toUpperCase(), 2.5);
    store = await postgres.open();
    const folder = mkdtempSync(join(tmpdir(), 'snowmon-org-once-'));
    writeFileSync(join(folder, 'routing.yaml'), ROUTING);
    const organization = [
      'organization:',
      `  account: myorg-${emulator.accountName}`,
      `  access_url: ${emulator.url}`,
      '  role: SNOWMON_ROLE',
      '  warehouse: SNOWMON_WH',
    ];
    writeFileSync(join(folder, 'snowmon.yaml'), configText(emulator, [], organization));
    const config = await loadConfig(join(folder, 'snowmon.yaml'), process.env);
    const routing = await loadRouting(config.routing.file, process.env);
    for (let i = 0; i < 2; i++) {
      const daemon = runDaemon(config, {
        routing,
        now: () => clock.now(),
        resolveSettings: async (c) => emulatorSettings(emulator, c),
        logger: createLogger({ level: 'silent' }),
        notifierDeps: { out: { write: () => undefined } },
        schedule: false,
        http: false,
        lease: false, // both work: what a handover of the first account can look like for a moment
        openStore: () => store.openAnother(),
      });
      await daemon.ready;
      daemons.push(daemon);
    }
  }, 120_000);

  afterAll(async () => {
    for (const daemon of daemons) await daemon.stop('test over');
    await store?.close();
    await emulator?.stop();
    delete process.env[PASSWORD_VAR];
  });

  it('does read the bill once when both run the warehouse cycle at the same moment, and once again the next day', async () => {
    let from = emulator.statements.length;
    await Promise.all(daemons.map((d) => d.runWarehouseCycle(T0)));
    expect(organizationStatements(from)).toHaveLength(3);
    const claim = await lastRunClaim(store.db, 'organization_usage');
    expect(claim?.nextDueAt).toEqual(new Date(T0.getTime() + 23 * 3_600_000));

    from = emulator.statements.length;
    await Promise.all(daemons.map((d) => d.runWarehouseCycle(new Date(T0.getTime() + 2 * 3_600_000))));
    expect(organizationStatements(from)).toHaveLength(0);

    from = emulator.statements.length;
    await Promise.all(daemons.map((d) => d.runWarehouseCycle(new Date(T0.getTime() + 86_400_000))));
    expect(organizationStatements(from)).toHaveLength(3);
  }, 60_000);
});
