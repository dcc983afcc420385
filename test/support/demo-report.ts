/**
 * The report `snowmon demo` renders: the seeded emulator audited with the real driver from DEMO_START, as
 * the demo does it. Test helper for the page tests, which measure the HTML of exactly what users first see.
 */

import { auditAccount } from '../../src/audit/audit-account.js';
import { DEMO_START } from '../../src/cli/demo.js';
import { emulatorSettings } from '../../src/cli/emulator-settings.js';
import { defaultConfig } from '../../src/cli/default-config.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator } from '../../src/emulator/start-emulator.js';
import type { AuditReport } from '../../src/report/audit-report.js';

/** Audits a fresh seeded emulator at DEMO_START and stops it. */
export async function demoReport(): Promise<AuditReport> {
  const emulator = await startEmulator({ clock: new FrozenClock(DEMO_START) });
  try {
    const config = defaultConfig({});
    return await auditAccount({ config, settings: emulatorSettings(emulator, config), now: emulator.clock.now() });
  } finally {
    await emulator.stop();
  }
}
