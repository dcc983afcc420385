/**
 * The shape of `snowmon.yaml` once validated: the frozen, typed `Config` the rest of snowmon reads, the
 * names of the checks it may configure, and the keys each section accepts. Types and constants only;
 * validation is in validate-config.ts, file reading in load-config.ts.
 */

import type { DaemonConfig } from '../daemon/daemon-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import type { Secret } from './secret.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';

/** The checks snowmon ships (one `queries/<name>.sql` each); `checks:` in config accepts only these. */
export const CHECK_NAMES = [
  'resource_monitors',
  'credits_by_warehouse',
  'top_queries',
  'warehouse_utilization',
  'warehouse_config',
  'full_table_scans',
  'storage_by_database',
  'service_account_audit',
  'self_cost',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * How a resource monitor's quota cycle is anchored: `calendar_month` (Snowflake's default schedule, resets
 * 00:00 UTC on the 1st) or `start_time` (a custom FREQUENCY + START_TIMESTAMP, resets relative to it).
 */
export const MONITOR_CYCLE_ANCHORS = ['calendar_month', 'start_time'] as const;
export type MonitorCycleAnchor = (typeof MONITOR_CYCLE_ANCHORS)[number];

/** Per-check overrides. */
export interface CheckConfig {
  readonly enabled: boolean;
  /** Overrides of the check header's default thresholds, by threshold name. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** `resource_monitors` only: per-monitor settings by monitor name (`monitors: { NAME: { cycle } }`). */
  readonly monitors?: Readonly<Record<string, { readonly cycle: MonitorCycleAnchor }>>;
}

/** The validated, deeply frozen configuration. */
export interface Config {
  /** Absolute path of the file it was loaded from. */
  readonly file: string;
  readonly snowflake: SnowflakeSection;
  readonly pricing: { readonly usdPerCredit: number };
  /** Every shipped check, enabled with no overrides unless the file says otherwise. */
  readonly checks: Readonly<Record<CheckName, CheckConfig>>;
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

export const DEFAULT_USD_PER_CREDIT = 3;

/** Keys accepted at the top level of snowmon.yaml. */
export const TOP_LEVEL_KEYS = ['snowflake', 'pricing', 'checks', 'queries_dir', 'store', 'routing', 'runbooks', 'daemon', 'dbt'] as const;

export const PRICING_KEYS = ['usd_per_credit'] as const;
export const CHECK_KEYS = ['enabled', 'thresholds'] as const;
/** `checks.resource_monitors` also takes `monitors`; each monitor under it takes these keys. */
export const RESOURCE_MONITORS_CHECK_KEYS = [...CHECK_KEYS, 'monitors'] as const;
export const MONITOR_OVERRIDE_KEYS = ['cycle'] as const;
/** `url` may hold a password: it is a secret; `url_file` reads the whole URL from a file. */
export const STORE_KEYS = ['url', 'url_file'] as const;
export const ROUTING_KEYS = ['file'] as const;
/** The store used when `store.url` is not set, relative to the config file's folder. */
export const DEFAULT_STORE_URL = 'sqlite:./snowmon.db';
