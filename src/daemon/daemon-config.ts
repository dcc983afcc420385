/**
 * The `daemon:` section of snowmon.yaml (what `snowmon run` reads): schedules, run timeout, time zone,
 * the failure streak that raises `monitor_health`, the HTTP listener, log level, heartbeat URL, lease and
 * shutdown grace. Its type, defaults and validation through the shared `Validator`; running is elsewhere.
 */

import { validate as validCron } from 'node-cron';
import type { Secret } from '../config/secret.js';
import { dashboardSection, DEFAULT_DASHBOARD_CONFIG, type DashboardConfig } from '../dashboard/dashboard-config.js';
import type { Validator } from '../config/validate-config.js';
import { isValidZone } from '../router/zoned-time.js';
import type { LogLevel } from './logger.js';

export interface DaemonConfig {
  /** Cron of the free (SHOW-only) loop; default every minute. */
  readonly freeLoop: string;
  /** Cron of the warehouse loop; default 06:00 daily. */
  readonly warehouseLoop: string;
  /** Deadline of one run of the free loop. */
  readonly runTimeoutMs: number;
  /**
   * Deadline of one run of the warehouse loop: every warehouse check back to back, each statement up to
   * `snowflake.statement_timeout`, so much longer than the free loop's.
   */
  readonly warehouseRunTimeoutMs: number;
  /** IANA zone the cron expressions are read in. */
  readonly timezone: string;
  /** A check failing this many runs in a row raises `monitor_health`. */
  readonly checkFailureThreshold: number;
  /** How long Snowflake stays unreachable (over at least two attempts) before its `monitor_health` alert fires. */
  readonly snowflakeDownForMs: number;
  readonly http: { readonly port: number; readonly host: string };
  /** The web dashboard on `http` (src/dashboard): off unless enabled, with its auth. */
  readonly dashboard: DashboardConfig;
  readonly logLevel: LogLevel;
  /** Pinged after every free-loop cycle; a credential (from `${ENV}` or `heartbeat_url_file`). */
  readonly heartbeatUrl?: Secret;
  /** Lease time with a Postgres store (several replicas). */
  readonly leaseTtlMs: number;
  /** How long SIGTERM waits for work in flight before closing anyway. */
  readonly shutdownGraceMs: number;
}

export const DAEMON_KEYS = [
  'free_loop',
  'warehouse_loop',
  'run_timeout',
  'warehouse_run_timeout',
  'timezone',
  'check_failure_threshold',
  'snowflake_down_for',
  'http',
  'dashboard',
  'log_level',
  'heartbeat_url',
  'heartbeat_url_file',
  'lease_ttl',
  'shutdown_grace',
] as const;
export const DAEMON_HTTP_KEYS = ['port', 'host'] as const;
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The one declaration of the daemon's defaults, cadences included (DESIGN §4): the SHOW-only loop every minute, one warehouse cycle a day. */
export const DEFAULT_DAEMON_CONFIG: DaemonConfig = Object.freeze({
  freeLoop: '*/1 * * * *',
  warehouseLoop: '0 6 * * *',
  runTimeoutMs: 5 * 60_000,
  warehouseRunTimeoutMs: 60 * 60_000,
  timezone: 'UTC',
  checkFailureThreshold: 3,
  snowflakeDownForMs: 0,
  http: Object.freeze({ port: 8080, host: '0.0.0.0' }),
  dashboard: DEFAULT_DASHBOARD_CONFIG,
  logLevel: 'info',
  leaseTtlMs: 30_000,
  shutdownGraceMs: 30_000,
});

type Mapping = Record<string, unknown>;

/** Validates `daemon:`; every key optional, defaults above. */
export function daemonSection(v: Validator, value: unknown): DaemonConfig {
  const path = ['daemon'];
  const d = DEFAULT_DAEMON_CONFIG;
  const map = v.section(value, path);
  if (!map) return d;
  v.knownKeys(map, path, DAEMON_KEYS);
  const at = (key: string) => [...path, key];
  const cron = (key: string, fallback: string): string => {
    const text = v.string(map, at(key));
    if (text === undefined) return fallback;
    if (!validCron(text)) {
      v.report('SM108', at(key), `invalid cron expression "${text}" (e.g. "*/1 * * * *" or "0 6 * * *")`);
      return fallback;
    }
    return text;
  };
  const freeLoop = cron('free_loop', d.freeLoop);
  const warehouseLoop = cron('warehouse_loop', d.warehouseLoop);
  const timezone = v.string(map, at('timezone')) ?? d.timezone;
  if (!isValidZone(timezone)) v.report('SM108', at('timezone'), `unknown time zone "${timezone}" (an IANA name such as UTC or Europe/London)`);
  const threshold = v.number(map, at('check_failure_threshold'));
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 1)) {
    v.report('SM108', at('check_failure_threshold'), `must be a whole number of at least 1, got ${threshold}`);
  }
  const http = httpSection(v, map.http);
  const level = v.string(map, at('log_level'));
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    v.report('SM108', at('log_level'), `unknown log level "${level}" (${LOG_LEVELS.join(', ')})`);
  }
  const heartbeatUrl = v.secret(map, at('heartbeat_url'));
  if (heartbeatUrl !== undefined && !/^https?:\/\//i.test(heartbeatUrl.reveal())) {
    v.report('SM108', at('heartbeat_url'), 'must be an http:// or https:// URL (value not shown: it is a credential)');
  }
  return {
    freeLoop,
    warehouseLoop,
    runTimeoutMs: v.duration(map, at('run_timeout')) ?? d.runTimeoutMs,
    warehouseRunTimeoutMs: v.duration(map, at('warehouse_run_timeout')) ?? d.warehouseRunTimeoutMs,
    timezone,
    checkFailureThreshold: threshold !== undefined && Number.isInteger(threshold) && threshold >= 1 ? threshold : d.checkFailureThreshold,
    snowflakeDownForMs: v.duration(map, at('snowflake_down_for'), true) ?? d.snowflakeDownForMs,
    http,
    dashboard: dashboardSection(v, map.dashboard),
    logLevel: level !== undefined && LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : d.logLevel,
    ...(heartbeatUrl !== undefined ? { heartbeatUrl } : {}),
    leaseTtlMs: v.duration(map, at('lease_ttl')) ?? d.leaseTtlMs,
    shutdownGraceMs: v.duration(map, at('shutdown_grace')) ?? d.shutdownGraceMs,
  };
}

function httpSection(v: Validator, value: unknown): DaemonConfig['http'] {
  const path = ['daemon', 'http'];
  const d = DEFAULT_DAEMON_CONFIG.http;
  const map: Mapping | undefined = v.section(value, path);
  if (!map) return d;
  v.knownKeys(map, path, DAEMON_HTTP_KEYS);
  const port = v.number(map, [...path, 'port']);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    v.report('SM108', [...path, 'port'], `must be a port number 0-65535, got ${port}`);
  }
  const host = v.string(map, [...path, 'host']);
  return {
    port: port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : d.port,
    host: host ?? d.host,
  };
}
