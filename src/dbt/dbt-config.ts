/**
 * The `dbt:` section of snowmon.yaml: where the dbt artifacts are (`artifacts`, relative to the config
 * file) and the named pipelines with their `match` and `sla`. Its type, defaults and validation through
 * the shared `Validator`; reading artifacts and evaluating them are elsewhere in src/dbt.
 */

import { quote } from '../config/errors.js';
import type { Validator } from '../config/validate-config.js';
import { isValidZone } from '../router/zoned-time.js';

/** Which invocations belong to a pipeline: every key given must fit (see pipeline-name.ts). */
export interface DbtPipelineMatch {
  /** `metadata.env` values (the `DBT_ENV_CUSTOM_ENV_*` variables without the prefix). */
  readonly env?: Readonly<Record<string, string>>;
  /** `args.which` (or `args.command` in dbt Fusion), e.g. `build`. */
  readonly command?: string;
  /** `args.target`. */
  readonly target?: string;
  /** `args.selector`, or `args.select` joined with spaces. */
  readonly selector?: string;
}

export interface DbtSla {
  /** A run (finished − started) longer than this breaches with reason `duration`. */
  readonly maxDurationMs?: number;
  /** `HH:MM` local time in `timezone` by which a success must have finished today (reason `late`). */
  readonly finishBy?: string;
  /** IANA zone `finish_by` is read in; default UTC. */
  readonly timezone: string;
  /** A success must have finished within this long before now (reason `not_run`). */
  readonly everyMs?: number;
}

export interface DbtPipelineConfig {
  readonly name: string;
  readonly match?: DbtPipelineMatch;
  readonly sla?: DbtSla;
}

export interface DbtConfig {
  /** Absolute folders (dbt `target/` or archives of runs) read by `snowmon dbt status`, `audit` and the daemon's dbt loop. */
  readonly artifacts: readonly string[];
  readonly pipelines: readonly DbtPipelineConfig[];
  /** How often the daemon's dbt loop reads the artifact folders (`poll_interval`); default 1 minute. Always set once validated (optional for configs built by hand). */
  readonly pollIntervalMs?: number;
  /** How long the daemon keeps stored invocations (`retention`); default 90 days. Always set once validated. */
  readonly retentionMs?: number;
  /** Fleet mode: the account (`accounts[].name`) the dbt project runs in; its alerts carry it and its replica runs the dbt loop. Default the first. */
  readonly account?: string;
}

export const DEFAULT_DBT_CONFIG = Object.freeze({
  artifacts: Object.freeze([]),
  pipelines: Object.freeze([]),
  pollIntervalMs: 60_000,
  retentionMs: 90 * 86_400_000,
}) satisfies Required<Omit<DbtConfig, 'account'>>;

const DBT_KEYS = ['artifacts', 'pipelines', 'poll_interval', 'retention', 'account'] as const;
const PIPELINE_KEYS = ['name', 'match', 'sla'] as const;
const MATCH_KEYS = ['env', 'command', 'target', 'selector'] as const;
const SLA_KEYS = ['max_duration', 'finish_by', 'timezone', 'every'] as const;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

type Mapping = Record<string, unknown>;

/** Validates `dbt:`; every key optional. */
export function dbtSection(v: Validator, value: unknown): DbtConfig {
  const path = ['dbt'];
  const map = v.section(value, path);
  if (!map) return DEFAULT_DBT_CONFIG;
  v.knownKeys(map, path, DBT_KEYS);
  const poll = v.duration(map, [...path, 'poll_interval']);
  if (poll !== undefined && pollCron(poll) === undefined) {
    v.report(
      'SM108',
      [...path, 'poll_interval'],
      `poll_interval must divide a minute, an hour or a day evenly (e.g. 30s, 1m, 5m, 1h), got ${quote(map.poll_interval)}`,
    );
  }
  const retention = v.duration(map, [...path, 'retention']);
  const account = v.string(map, [...path, 'account']);
  return {
    ...(account !== undefined ? { account } : {}),
    artifacts: artifactDirs(v, map),
    pipelines: pipelines(v, map.pipelines),
    pollIntervalMs: poll !== undefined && pollCron(poll) !== undefined ? poll : DEFAULT_DBT_CONFIG.pollIntervalMs,
    retentionMs: retention ?? DEFAULT_DBT_CONFIG.retentionMs,
  };
}

/**
 * The cron expression that ticks every `ms`: whole seconds dividing a minute, whole minutes dividing an
 * hour, whole hours dividing a day; undefined otherwise.
 */
export function pollCron(ms: number): string | undefined {
  if (ms % 1000 !== 0) return undefined;
  const s = ms / 1000;
  if (s < 60) return 60 % s === 0 ? `*/${s} * * * * *` : undefined;
  if (s % 60 !== 0) return undefined;
  const m = s / 60;
  if (m < 60) return 60 % m === 0 ? `*/${m} * * * *` : undefined;
  if (m % 60 !== 0) return undefined;
  const h = m / 60;
  if (h < 24) return 24 % h === 0 ? `0 */${h} * * *` : undefined;
  return h === 24 ? '0 0 * * *' : undefined;
}

function artifactDirs(v: Validator, map: Mapping): readonly string[] {
  const path = ['dbt', 'artifacts'];
  const value = map.artifacts;
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items)) {
    v.report('SM103', path, `expected a list of folders, got ${quote(value)}`);
    return [];
  }
  const dirs: string[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      v.report('SM103', [...path, String(i)], `expected a folder path, got ${quote(item)}`);
      return;
    }
    const text = v.interpolated(item, [...path, String(i)]);
    if (text !== undefined) dirs.push(v.absolute(text));
  });
  return dirs;
}

function pipelines(v: Validator, value: unknown): readonly DbtPipelineConfig[] {
  const path = ['dbt', 'pipelines'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    v.report('SM103', path, `expected a list of pipelines, got ${quote(value)}`);
    return [];
  }
  const seen = new Set<string>();
  const out: DbtPipelineConfig[] = [];
  value.forEach((item, i) => {
    const at = [...path, String(i)];
    const map = v.section(item, at);
    if (!map) return;
    v.knownKeys(map, at, PIPELINE_KEYS);
    const name = v.string(map, [...at, 'name']);
    if (name === undefined || name.trim() === '') {
      if (map.name === undefined || map.name === null) v.report('SM110', [...at, 'name'], 'missing name');
      else if (name !== undefined) v.report('SM108', [...at, 'name'], 'is empty');
      return;
    }
    if (seen.has(name)) v.report('SM128', [...at, 'name'], `duplicate pipeline name ${quote(name)}`);
    seen.add(name);
    const match = pipelineMatch(v, map.match, [...at, 'match']);
    const sla = pipelineSla(v, map.sla, [...at, 'sla']);
    out.push({ name, ...(match ? { match } : {}), ...(sla ? { sla } : {}) });
  });
  return out;
}

function pipelineMatch(v: Validator, value: unknown, path: readonly string[]): DbtPipelineMatch | undefined {
  if (value === undefined || value === null) return undefined;
  const map = v.section(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, MATCH_KEYS);
  const out: { -readonly [K in keyof DbtPipelineMatch]: DbtPipelineMatch[K] } = {};
  for (const key of ['command', 'target', 'selector'] as const) {
    const text = v.string(map, [...path, key]);
    if (text !== undefined) out[key] = text;
  }
  if (map.env !== undefined && map.env !== null) {
    const envMap = v.section(map.env, [...path, 'env']);
    if (envMap) {
      const env: Record<string, string> = {};
      for (const [key, raw] of Object.entries(envMap)) {
        const text = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : v.string(envMap, [...path, 'env', key]);
        if (text !== undefined) env[key] = text;
      }
      out.env = env;
    }
  }
  if (Object.keys(out).length === 0) v.report('SM110', [...path], 'match needs env, command, target or selector');
  return out;
}

function pipelineSla(v: Validator, value: unknown, path: readonly string[]): DbtSla | undefined {
  if (value === undefined || value === null) return undefined;
  const map = v.section(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, SLA_KEYS);
  const maxDurationMs = v.duration(map, [...path, 'max_duration']);
  const everyMs = v.duration(map, [...path, 'every']);
  const finishBy = v.string(map, [...path, 'finish_by']);
  if (finishBy !== undefined && !TIME_OF_DAY.test(finishBy)) {
    v.report('SM125', [...path, 'finish_by'], `invalid time of day ${quote(finishBy)} (expected HH:MM from 00:00 to 23:59)`);
  }
  const timezone = v.string(map, [...path, 'timezone']) ?? 'UTC';
  if (!isValidZone(timezone)) v.report('SM129', [...path, 'timezone'], `unknown time zone ${quote(timezone)} (an IANA name such as UTC or Europe/London)`);
  if (maxDurationMs === undefined && everyMs === undefined && finishBy === undefined && Object.keys(map).length === 0) {
    v.report('SM110', [...path], 'sla needs max_duration, finish_by or every');
  }
  return {
    timezone,
    ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
    ...(finishBy !== undefined && TIME_OF_DAY.test(finishBy) ? { finishBy } : {}),
    ...(everyMs !== undefined ? { everyMs } : {}),
  };
}
