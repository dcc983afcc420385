/**
 * `audit --notify` after a run that crashed between claiming an outbox row and sending it: the row is
 * reported as held until its claim lapses (and counted, for exit code 5), not silently left; with
 * `waitClaims` it is waited for and delivered once the claim lapses. Real SQLite store, console receiver.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import { notifyAudit } from '../../../src/cli/notify-audit.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { Config } from '../../../src/cli/snowmon-config.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import type { RoutingConfig } from '../../../src/router/routing-config.js';

let dir: string;
let db: Kysely<Database>;
let routing: RoutingConfig;
let config: Config;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snowmon-held-'));
  writeFileSync(
    join(dir, 'routing.yaml'),
    [
      'version: 1',
      'timezone: UTC',
      'receivers:',
      '  console-all: { type: console }',
      'routes:',
      '  - name: all',
      '    notify: [console-all]',
      '    group_by: [alert_type]',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'snowmon.yaml'), ['store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join('\n'));
  config = await loadConfig(join(dir, 'snowmon.yaml'), {});
  routing = await loadRouting(config.routing.file, {});
  db = await openDatabase(`sqlite:${join(dir, 'alerts.db')}`);
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A run that enqueued one notification and claimed it for `leaseMs`, then died before sending it. */
async function crashAfterClaim(leaseMs: number): Promise<Date> {
  const now = new Date();
  const crashed = new Dispatcher({
    db,
    routing,
    owner: 'other-host:4242:audit-notify',
    createNotifier: () => ({
      send: async () => {
        throw new Error('never sent');
      },
    }),
  });
  await crashed.ingest(
    [
      {
        name: 'resource_monitors',
        status: 'ok',
        rows: [],
        startedAt: now.toISOString(),
        durationMs: 1,
        statementsSent: 1,
        findings: [
          {
            severity: 'critical',
            summary: 'monitor ACCOUNT_MONTHLY at 100% of 1000 credits',
            labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY' },
          },
        ],
      },
    ],
    now,
  );
  expect((await crashed.flush(now, { ignoreGroupWait: true })).enqueued).toBe(1);
  expect(await new Outbox(db).claim('other-host:4242:audit-notify', leaseMs, now, 10)).toHaveLength(1);
  await crashed.close();
  return new Date(now.getTime() + leaseMs);
}

describe('audit --notify after a crashed run', () => {
  it('does report a notification another process still holds, with when its claim lapses, and deliver nothing', async () => {
    const lapses = await crashAfterClaim(3_600_000);
    const printed: string[] = [];
    const result = await notifyAudit([], { db, routing, config, consoleOut: { write: (t: string) => printed.push(t) } });
    expect(result.held).toBe(1);
    const hhmm = `${String(lapses.getUTCHours()).padStart(2, '0')}:${String(lapses.getUTCMinutes()).padStart(2, '0')} UTC`;
    expect(result.summary).toContain(`1 held until ${hhmm}`);
    expect(result.summary).toContain('--wait-claims');
    expect(printed).toEqual([]);
  });

  it('does wait for a held notification until its claim lapses and then deliver it with waitClaims', async () => {
    await crashAfterClaim(300);
    const printed: string[] = [];
    const result = await notifyAudit([], { db, routing, config, waitClaims: true, consoleOut: { write: (t: string) => printed.push(t) } });
    expect(result.held).toBe(0);
    expect(result.summary).toContain('sent 1 (console-all 1)');
    expect(printed.join('')).toContain('ACCOUNT_MONTHLY');
    expect((await db.selectFrom('outbox').select('status').execute()).map((r) => r.status)).toEqual(['sent']);
  });
});
