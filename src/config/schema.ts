/**
 * The shape of `snowmon.yaml` once validated: the frozen, typed `Config` the rest of snowmon reads, the
 * names of the checks it may configure, and the keys each section accepts. Types and constants only;
 * validation is in validate-config.ts, file reading in load-config.ts.
 */

import type { DaemonConfig } from '../daemon/daemon-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import type { Secret } from './secret.js';
import type { Protocol } from '../sources/snowflake-endpoint.js';

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

export type Authenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT';

/**
 * The `snowflake:` section as written (after `${ENV}` and `*_file` resolution). Every key is optional here:
 * the environment and connections.toml fill the rest (see src/sources/snowflake-settings.ts).
 */
export interface SnowflakeSection {
  /** A connection name in the Snowflake CLI's connections.toml. */
  readonly connection?: string;
  readonly account?: string;
  /** Overrides `https://<account>.snowflakecomputing.com`, e.g. the emulator's `http://127.0.0.1:PORT`; wins over host, port and protocol. */
  readonly accessUrl?: string;
  /** Host name to log in to instead of the account's (`host` of the Snowflake CLI). */
  readonly host?: string;
  /** 1-65535; default 443 (or the protocol's). */
  readonly port?: number;
  readonly protocol?: Protocol;
  readonly user?: string;
  readonly authenticator?: Authenticator;
  /** From `password: ${ENV}` or `password_file`. */
  readonly password?: Secret;
  /** Absolute path of a PKCS#8 PEM private key. */
  readonly privateKeyFile?: string;
  /** From `private_key_passphrase: ${ENV}` or `private_key_passphrase_file`. */
  readonly privateKeyPassphrase?: Secret;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly statementTimeoutMs?: number;
  readonly loginTimeoutMs?: number;
}

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

/**
 * Keys accepted in `snowflake:`. `password` and `private_key_passphrase` are secrets: never printed, never
 * accepted as literal text; their `*_file` variants read them from a file.
 */
export const SNOWFLAKE_KEYS = [
  'connection',
  'account',
  'access_url',
  'host',
  'port',
  'protocol',
  'user',
  'authenticator',
  'password',
  'password_file',
  'private_key_file',
  'private_key_passphrase',
  'private_key_passphrase_file',
  'role',
  'warehouse',
  'database',
  'schema',
  'statement_timeout',
  'login_timeout',
] as const;

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
