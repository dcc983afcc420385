/**
 * What `snowmon run` reads of snowmon.yaml, each section typed by the folder that owns it. The whole
 * `Config` (src/cli/snowmon-config.ts) fits it; the daemon never assembles or loads it.
 */

import type { CheckingConfig } from '../checks/checks-config.js';
import type { StoreConfig } from '../ledger/store-section.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import type { RoutingSection } from '../router/routing-section.js';
import type { AccountConfig } from '../sources/account-config.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';
import type { DaemonConfig } from './daemon-config.js';

export interface RunConfig extends CheckingConfig {
  /** Absolute path of the file it was loaded from. */
  readonly file: string;
  readonly snowflake: SnowflakeSection;
  /** The accounts to watch, never empty (src/sources/account-config.ts). */
  readonly accounts: readonly AccountConfig[];
  readonly store: StoreConfig;
  readonly routing: RoutingSection;
  /** Runbook lines overriding the shipped ones, by runbook key. */
  readonly runbooks: Readonly<Record<string, string>>;
  readonly daemon: DaemonConfig;
  readonly dbt: DbtConfig;
}
