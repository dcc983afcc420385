/**
 * One watched Snowflake account in the daemon: its settings, its free loop (one long-lived session), its
 * health, its schedules (free and warehouse loops, and the dbt loop on the dbt account) and its self-cost.
 * The daemon holds one per account it is assigned (src/daemon/account-assignment.ts); watching starts and
 * stops here. What a cycle does is run-cycles.ts's.
 */

import type { AccountConfig } from '../sources/account-config.js';
import type { SnowflakeClient } from '../sources/snowflake-client.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { Daemon } from './daemon-runtime.js';
import { FreeLoop } from './free-loop.js';
import { HealthState } from './monitor-health.js';
import type { RunConfig } from './run-config.js';
import type { Scheduler } from './scheduler.js';
import type { SelfCostDigest } from './self-cost-digest.js';

export interface AccountWatch {
  /** The account as configured (replaced on reload). */
  account: AccountConfig;
  /** Its resolved settings (replaced on reload). */
  settings: SnowflakeSettings;
  readonly freeLoop: FreeLoop;
  readonly health: HealthState;
  /** A session with the settings in force. */
  readonly connect: () => Promise<SnowflakeClient>;
  /** Only when schedules run; replaced on a reload that changes them. */
  scheduler: Scheduler | undefined;
  lastSelfCost: SelfCostDigest | undefined;
}

/** The account of `config` the dbt loop belongs to: `dbt.account`, default the first. */
export function dbtAccount(config: RunConfig): string | undefined {
  return config.dbt.account ?? config.accounts[0]?.name;
}

/** A watch for `account`, not started. */
export function newAccountWatch(daemon: Daemon, account: AccountConfig, settings: SnowflakeSettings): AccountWatch {
  const connect = () => (daemon.deps.connect ?? (async (x) => (await import('../sources/connect-snowflake.js')).connectSnowflake(x)))(watch.settings);
  const watch: AccountWatch = {
    account,
    settings,
    connect,
    freeLoop: new FreeLoop({ connect, onStatement: (check, failed) => daemon.metrics.recordStatement(check, failed, account.name) }),
    health: new HealthState(),
    scheduler: undefined,
    lastSelfCost: undefined,
  };
  return watch;
}

/** Stops watching within `graceMs`: schedules, then the session. */
export async function stopWatch(
  watch: AccountWatch,
  graceMs: number,
): Promise<{ readonly drained: boolean; readonly abandoned: readonly string[] } | undefined> {
  const result = await watch.scheduler?.stop(graceMs);
  watch.scheduler = undefined;
  await watch.freeLoop.close().catch(() => undefined);
  return result;
}
