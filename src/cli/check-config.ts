/**
 * `snowmon check-config [--config snowmon.yaml]`: loads and validates the config, resolves the Snowflake
 * settings (environment and connections.toml included), checks the private key opens, loads every
 * `queries/*.sql` header and checks configured thresholds against them, and loads the routing table.
 * Prints OK, a summary and the route tree, or every error found (exit 1). It never connects to Snowflake
 * or the store and never loads the driver.
 */

import type { CheckDefinition } from '../checks/check.js';
import { AuditSetupError } from '../audit/audit-account.js';
import { organizationAccount, organizationCheck } from '../audit/audit-organization.js';
import { loadChecks } from '../checks/load-checks.js';
import { ConfigError, formatIssue } from '../config/errors.js';
import type { ConfigIssue } from '../config/errors.js';
import type { KeyLines } from '../config/key-lines.js';
import { loadConfigOffline } from './load-config.js';
import { readYamlFile } from '../config/read-yaml-file.js';
import { nearestKey } from '../config/nearest-key.js';
import type { Config } from './snowmon-config.js';
import { describeRoutes } from '../router/describe-routes.js';
import { groupByAccount } from '../router/group-by-account.js';
import { loadRoutingOffline } from '../router/load-routing.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { defaultAccessUrl } from '../sources/default-access-url.js';
import { loadPrivateKey } from '../sources/private-key.js';
import type { AccountConfig } from '../sources/account-config.js';
import { ignoredEndpointNote, ignoredEndpointVariables, refuseSameAccounts, resolveAccountSettings } from '../sources/snowflake-settings.js';
import type { ResolveOptions, SnowflakeSettings } from '../sources/snowflake-settings.js';

export interface CheckConfigIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Home folder for `~/.snowflake` (tests). */
  readonly home?: string;
}

const USAGE = 'usage: snowmon check-config [--config snowmon.yaml]\n';

export async function run(argv: string[], io: CheckConfigIo = { env: process.env, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr.write(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const file = parsed.config ?? (io.env.SNOWMON_CONFIG || './snowmon.yaml');

  // A connection's secret that is unset or unreadable is an error like any other, but not one that hides
  // the rest: it is listed with everything else found (the accounts it belongs to are not resolved).
  let config: Config;
  let unavailable: readonly ConfigIssue[];
  try {
    ({ config, setAside: unavailable } = await loadConfigOffline(file, io.env, true));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n${file}: ${count(error.issues.length, 'error')}\n`);
    return 1;
  }

  const errors: string[] = unavailable.map(formatIssue);
  const collect = (error: unknown) => {
    if (!(error instanceof ConfigError)) throw error;
    errors.push(...error.issues.map(formatIssue));
  };
  const resolveOptions = { configFile: file, ...(io.home ? { home: io.home } : {}) };
  const lacksSecret = (keyPath: string) => unavailable.some((i) => i.path?.startsWith(`${keyPath}.`) || i.path?.startsWith('snowflake.'));
  const resolvable = config.accounts.filter((a) => !lacksSecret(a.keyPath));
  const settings = await resolveEachAccount(resolvable, io.env, resolveOptions, collect);

  // The organization account (organization:): its settings resolve like an account's, named organization.<key>.
  let organization: SnowflakeSettings | undefined;
  if (config.organization && !lacksSecret('organization')) {
    try {
      organization = await resolveAccountSettings(organizationAccount(config.organization, config.snowflake), io.env, resolveOptions);
      if (organization.privateKeyFile) await loadPrivateKey(organization.privateKeyFile, organization.privateKeyPassphrase);
      await organizationCheck(config.queriesDir);
    } catch (error) {
      if (error instanceof AuditSetupError) errors.push(error.message);
      else collect(error);
    }
  }

  // The routing table only matters to `run` and `audit --notify`: receivers' unset environment variables
  // (the shipped table's tokens) do not stop an audit-only setup, so the table is still checked and shown,
  // and every variable delivery will need is listed at once.
  let routing: RoutingConfig | undefined;
  let routingNeeds: string[] = [];
  try {
    const loaded = await loadRoutingOffline(config.routing.file, io.env);
    // As run, audit --notify and route-test use it: with several accounts, account joins group_by and equal.
    routing = groupByAccount(loaded.routing, config.accounts);
    routingNeeds = loaded.missing.map(formatIssue);
  } catch (error) {
    collect(error);
  }

  const loaded = await loadChecks(config.queriesDir);
  errors.push(...loaded.errors);
  const lineOf = await readYamlFile(file, 'config').then(
    (read): KeyLines => read.lineOf,
    (): KeyLines => () => undefined,
  );
  errors.push(...thresholdErrors(config, file, lineOf, loaded.checks).map(formatIssue));

  if (errors.length > 0) {
    io.stderr.write(`${errors.join('\n')}\n${file}: ${count(errors.length, 'error')}\n`);
    return 1;
  }
  const ignored = ignoredEndpointVariables(config.accounts, io.env);
  if (ignored.length > 0) io.stderr.write(`note: ${ignoredEndpointNote(ignored)}\n`);
  const orgIgnored = config.organization ? ignoredEndpointVariables([organizationAccount(config.organization, config.snowflake)], io.env) : [];
  if (orgIgnored.length > 0) io.stderr.write(`note: ${ignoredEndpointNote(orgIgnored, true)}\n`);
  io.stdout.write(describeSetup(file, config, settings, loaded.checks, routing as RoutingConfig, routingNeeds, organization));
  return 0;
}

/**
 * Each account's settings, its private key opened; a problem goes to `collect`, and so do two entries that
 * reach the same account (SM132), checked once every account resolved.
 */
async function resolveEachAccount(
  accounts: readonly AccountConfig[],
  env: CheckConfigIo['env'],
  options: ResolveOptions,
  collect: (error: unknown) => void,
): Promise<SnowflakeSettings[]> {
  const resolved: [AccountConfig, SnowflakeSettings][] = [];
  for (const account of accounts) {
    try {
      const settings = await resolveAccountSettings(account, env, options);
      if (settings.privateKeyFile) await loadPrivateKey(settings.privateKeyFile, settings.privateKeyPassphrase);
      resolved.push([account, settings]);
    } catch (error) {
      collect(error);
    }
  }
  try {
    refuseSameAccounts(resolved);
  } catch (error) {
    collect(error);
  }
  return resolved.map(([, settings]) => settings);
}

/** One line per budget: whose spend, how much a month, in which accounts. */
function describeBudgets(budgets: Config['budgets']): string[] {
  return budgets.map((b) => {
    const amount = b.monthlyCredits !== undefined ? `${b.monthlyCredits} credits` : `${b.monthlyUsd ?? 0} usd`;
    const where = b.accounts.length > 0 ? ` in ${b.accounts.join(', ')}` : '';
    return `  budget ${b.name}: ${b.label} ${b.value}, ${amount} a month${where}`;
  });
}

/** What check-config prints when all is well: each account, the checks, pricing, store, receivers not ready, and the route tree. */
function describeSetup(
  file: string,
  config: Config,
  settings: readonly SnowflakeSettings[],
  checks: readonly CheckDefinition[],
  routing: RoutingConfig,
  routingNeeds: readonly string[],
  organization?: SnowflakeSettings,
): string {
  const enabled = checks.filter((c) => isEnabled(config, c.header.name));
  const disabled = checks.filter((c) => !isEnabled(config, c.header.name)).map((c) => c.header.name);
  return [
    `ok: ${file}`,
    ...settings.flatMap((s, i) => describeSettings(s, config.accounts.length > 1 ? (config.accounts[i] as AccountConfig) : undefined)),
    `  checks: ${checks.length} loaded from ${config.queriesDir}, ${enabled.length} enabled` +
      (disabled.length > 0 ? ` (disabled: ${disabled.join(', ')})` : ''),
    ...describeBudgets(config.budgets),
    ...(organization
      ? [
          `  organization: account ${organization.account} at ${organization.accessUrl ?? defaultAccessUrl(organization.account)}, user ${organization.user}, ` +
            `role ${organization.role ?? '(default)'}, warehouse ${organization.warehouse}; read once a day`,
        ]
      : []),
    `  pricing: ${config.pricing.usdPerCredit.toFixed(2)} usd per credit`,
    `  store: ${config.store.display}`,
    `  routing: ${config.routing.file}` + `${Object.keys(config.runbooks).length > 0 ? `; runbook overrides: ${Object.keys(config.runbooks).join(', ')}` : ''}`,
    ...(routingNeeds.length > 0
      ? ['  receivers not ready: alerts cannot be delivered (snowmon run, audit --notify) until these are set:', ...routingNeeds.map((line) => `    ${line}`)]
      : []),
    describeRoutes(routing),
    '',
  ].join('\n');
}

/** What check-config says of one account's resolved settings; `account` is named only in fleet mode. */
function describeSettings(s: SnowflakeSettings, account: AccountConfig | undefined): string[] {
  const head = account ? `  account ${account.name}: ${s.account}` : `  snowflake: account ${s.account}`;
  const indent = account ? '    ' : '  ';
  return [
    `${head} at ${s.accessUrl ?? defaultAccessUrl(s.account)}, user ${s.user} (${s.authenticator === 'SNOWFLAKE_JWT' ? 'key-pair' : 'password'})` +
      `${s.role ? `, role ${s.role}` : ''}, warehouse ${s.warehouse}` +
      `${account ? `, ${account.usdPerCredit.toFixed(2)} usd per credit` : ''}`,
    ...(s.cliConnection ? [`${indent}snowflake cli connection: "${s.cliConnection.name}" in ${s.cliConnection.file}`] : []),
    ...(account && Object.keys(account.labels).length > 0
      ? [
          `${indent}labels on its alerts: account=${account.name}, ${Object.entries(account.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        ]
      : []),
    `${indent}timeouts: statement ${s.statementTimeoutMs / 1000}s, login ${s.loginTimeoutMs / 1000}s`,
  ];
}

function parseArgs(argv: readonly string[]): { config?: string } | 'help' | { error: string } {
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--config' || arg === '-c') {
      const value = argv[++i];
      if (!value) return { error: `${arg} needs a file name` };
      config = value;
    } else if (arg.startsWith('--config=')) {
      config = arg.slice('--config='.length);
    } else {
      return { error: `unknown argument "${arg}"` };
    }
  }
  return config === undefined ? {} : { config };
}

/** Threshold overrides in config that no check header declares (a typo would silently do nothing). */
function thresholdErrors(
  config: Config,
  file: string,
  lineOf: KeyLines,
  checks: readonly { header: { name: string; thresholds: Readonly<Record<string, number>> } }[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, check] of Object.entries(config.checks)) {
    const header = checks.find((c) => c.header.name === name)?.header;
    const overrides = Object.keys(check.thresholds);
    if (!header) {
      if (overrides.length > 0 || !check.enabled) {
        issues.push({
          code: 'SM108',
          file,
          ...line(lineOf, ['checks', name]),
          path: `checks.${name}`,
          message: `no query file defines check "${name}" in ${config.queriesDir}`,
        });
      }
      continue;
    }
    const known = Object.keys(header.thresholds);
    for (const key of overrides) {
      if (known.includes(key)) continue;
      const suggestion = nearestKey(key, known);
      issues.push({
        code: 'SM102',
        file,
        ...line(lineOf, ['checks', name, 'thresholds', key]),
        path: `checks.${name}.thresholds.${key}`,
        message: suggestion
          ? `unknown threshold, did you mean "${suggestion}"?`
          : `unknown threshold (${name} has ${known.length > 0 ? known.join(', ') : 'none'})`,
      });
    }
  }
  return issues;
}

function line(lineOf: KeyLines, path: readonly string[]): { line?: number } {
  const found = lineOf(path);
  return found === undefined ? {} : { line: found };
}

function isEnabled(config: Config, name: string): boolean {
  return (config.checks as Readonly<Record<string, { enabled: boolean }>>)[name]?.enabled ?? true;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
