/**
 * The shape of `snowmon.yaml` once validated: the frozen, typed `Config` the rest of snowmon reads, the
 * names of the checks it may configure, and the keys each section accepts. Types and constants only;
 * validation is in validate-config.ts, file reading in load-config.ts.
 */

import type { ChecksConfig, PricingConfig } from '../checks/checks-config.js';
import type { DaemonConfig } from '../daemon/daemon-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import type { Secret } from './secret.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';

/** The validated, deeply frozen configuration. */
export interface Config {
  /** Absolute path of the file it was loaded from. */
  readonly file: string;
  readonly snowflake: SnowflakeSection;
  readonly pricing: PricingConfig;
  /** Every shipped check, enabled with no overrides unless the file says otherwise. */
  readonly checks: ChecksConfig;
  /** Absolute path of the folder holding the `*.sql` checks. */
  readonly queriesDir: string;
  /** Where alerts, silences, acknowledgements and the outbox are kept. */
  readonly store: StoreConfig;
  /** The routing table. */
  readonly routing: { readonly file: string };
  /** Runbook lines overriding the defaults of src/alerts/runbooks.ts, by runbook key. */
  readonly runbooks: Readonly<Record<string, string>>;
  /** `snowmon run`: schedules, HTTP, health thresholds, lease and shutdown (src/daemon/daemon-config.ts). */
  readonly daemon: DaemonConfig;
  /** `snowmon dbt status`: artifact folders and named pipelines with their SLAs (src/dbt/dbt-config.ts). */
  readonly dbt: DbtConfig;
}

/**
 * The `store:` section. The URL may hold a password, so it is a `Secret`; `display` is the same URL with
 * any password masked, for messages.
 */
export interface StoreConfig {
  /** `sqlite:/absolute/path.db`, `sqlite::memory:` or `postgres://user:pass@host:5432/db`. */
  readonly url: Secret;
  /** The URL with its password shown as `***`. */
  readonly display: string;
}

/** Keys accepted at the top level of snowmon.yaml. */
export const TOP_LEVEL_KEYS = ['snowflake', 'pricing', 'checks', 'queries_dir', 'store', 'routing', 'runbooks', 'daemon', 'dbt'] as const;

/** `url` may hold a password: it is a secret; `url_file` reads the whole URL from a file. */
export const STORE_KEYS = ['url', 'url_file'] as const;
export const ROUTING_KEYS = ['file'] as const;
/** The store used when `store.url` is not set, relative to the config file's folder. */
export const DEFAULT_STORE_URL = 'sqlite:./snowmon.db';
