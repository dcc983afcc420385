/**
 * The daemon's own `monitor_health` alerts against the emulator: a check failing three cycles in a row
 * raises one and resolves nothing of the check's own alerts, and recovers; Snowflake refusing connections
 * raises one, and it resolves once Snowflake answers again. Checked in the store, not in the code's state.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import type { Alert } from '../../../src/alerts/alert.js';
import { configText, startHarness, type Harness } from './run-harness.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { Secret } from '../../../src/config/secret.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/ledger/database.js';

let h: Harness;
let db: Kysely<Database>;
let ledger: AlertLedger;

beforeAll(async () => {
  h = await startHarness();
  db = await openDatabase(`sqlite:${join(h.folder, 'alerts.db')}`);
  ledger = new AlertLedger(db);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await h?.close();
});

const health = (alerts: readonly Alert[]) => alerts.filter((a) => a.labels['alert_type'] === 'monitor_health');
const FAILURE = { code: '000603', sqlState: '57P03', message: 'Snowflake is undergoing maintenance (emulated)', match: /SHOW RESOURCE MONITORS/i };

async function cycle(): Promise<void> {
  h.clock.advance(60_000);
  await h.daemon.runFreeCycle(h.clock.now());
}

describe('snowmon run monitor_health', () => {
  it('does raise monitor_health after a check fails three cycles in a row, resolving none of its alerts, and clear it after', async () => {
    await cycle();
    const firingBefore = (await ledger.active())
      .filter((a) => a.check === 'resource_monitors')
      .map((a) => a.fingerprint)
      .sort();
    expect(firingBefore.length).toBeGreaterThan(0);

    for (let i = 1; i <= 3; i++) {
      h.emulator.faults.failNext(1, FAILURE); // only the check's statement; burn_rate's SHOW later in the cycle runs
      await cycle();
      const active = await ledger.active();
      expect(health(active).length, `after failure ${i}`).toBe(i < 3 ? 0 : 1);
      // A failed check resolves nothing.
      expect(
        active
          .filter((a) => a.check === 'resource_monitors')
          .map((a) => a.fingerprint)
          .sort(),
      ).toEqual(firingBefore);
    }
    const [alert] = health(await ledger.active());
    expect(alert?.labels).toMatchObject({ alert_type: 'monitor_health', component: 'check', failing_check: 'resource_monitors', check: 'snowmon_health' });
    expect(alert?.annotations.summary).toContain('failed 3 runs in a row');
    expect(alert?.annotations.summary).toContain('maintenance');
    await h.daemon.deliverDue(h.clock.now());
    expect(h.console.some((text) => text.startsWith('── console-health') && text.includes('resource_monitors'))).toBe(true);

    await cycle();
    expect(health(await ledger.active())).toEqual([]);
    expect((await ledger.get(alert!.fingerprint))?.status).toBe('resolved');
  }, 120_000);

  it('does raise monitor_health while Snowflake refuses connections and resolve it when Snowflake answers again', async () => {
    h.emulator.faults.setOutage('refuse');
    try {
      await cycle(); // the open session breaks
      await cycle(); // no new session can be opened
      const active = health(await ledger.active());
      expect(active.map((a) => a.labels['component'])).toEqual(['snowflake']);
      expect(active[0]?.annotations.summary).toMatch(/cannot reach Snowflake/);
      // Nothing the checks reported resolved while Snowflake was away.
      expect((await ledger.active()).some((a) => a.check === 'resource_monitors')).toBe(true);
    } finally {
      h.emulator.faults.setOutage('off');
    }
    await cycle();
    expect(health(await ledger.active())).toEqual([]);
    const error = h.logs.find((line) => line['msg'] === 'cannot reach Snowflake');
    expect(error).toBeDefined();
    expect(JSON.stringify(h.logs)).not.toContain('snowmon-demo-password');
  }, 120_000);

  it('does raise monitor_health when Snowflake refuses the credentials, without printing them', async () => {
    const file = join(h.folder, 'wrong.yaml');
    writeFileSync(file, configText(h.emulator).replace('sqlite:./alerts.db', 'sqlite:./wrong.db'));
    const config = await loadConfig(file, process.env);
    const lines: string[] = [];
    const daemon = runDaemon(config, {
      routing: await loadRouting(config.routing.file, process.env),
      now: () => h.clock.now(),
      resolveSettings: async (c) => ({ ...emulatorSettings(h.emulator, c), password: new Secret('not-the-password-canary') }),
      logger: createLogger({
        level: 'debug',
        destination: {
          write: (line: string) => {
            lines.push(line);
          },
        },
      }),
      schedule: false,
      http: false,
    });
    try {
      // One refused attempt is not yet an outage (it could be a dropped reply): the second one pages.
      const first = await daemon.runFreeCycle(h.clock.now());
      expect(first?.sessionError).toBeDefined();
      expect(first?.health.findings).toEqual([]);
      h.clock.advance(60_000);
      const record = await daemon.runFreeCycle(h.clock.now());
      expect(record?.sessionError).toBeDefined();
      expect(record?.health.findings.map((f) => f.labels)).toEqual([{ alert_type: 'monitor_health', component: 'snowflake' }]);
      const wrong = await openDatabase(`sqlite:${join(h.folder, 'wrong.db')}`);
      try {
        const firing = health(await new AlertLedger(wrong).active());
        expect(firing.map((a) => a.labels['component'])).toEqual(['snowflake']);
        expect(firing[0]?.annotations.summary).toContain(record!.sessionError!);
      } finally {
        await wrong.destroy();
      }
    } finally {
      await daemon.stop('test over');
    }
    expect(lines.join('')).toContain('cannot reach Snowflake');
    expect(lines.join('')).not.toContain('not-the-password-canary');
  }, 60_000);
});
