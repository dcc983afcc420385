/**
 * The organization view as one step that `snowmon audit` and the daemon both call: open a session in the
 * organization account (`organization:`), run queries/organization/organization_usage.sql under the cost
 * rules, evaluate it against the watched accounts' own metering, close. Returns a check outcome; a session
 * that cannot be opened is a failed outcome, never a throw. Scheduling it (once a day) is the caller's.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckOutcome, Finding } from '../checks/check.js';
import { AuditSetupError } from './audit-account.js';
import { evaluateOrganization, type MeasuredAccount } from '../checks/evaluate-organization.js';
import { defaultQueriesDir, loadChecks } from '../checks/load-checks.js';
import type { OrganizationConfig } from '../checks/organization-config.js';
import { describeFailure, runChecks, type CheckProgressEvent } from '../checks/run-checks.js';
import { num } from '../checks/row-values.js';
import type { AccountConfig } from '../sources/account-config.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';
import type { SnowflakeClient } from '../sources/snowflake-client.js';
import { resolveAccountSettings, type SnowflakeSettings } from '../sources/snowflake-settings.js';

/** The check's name, as `--check` and the report call it. */
export const ORGANIZATION_CHECK = 'organization_usage';

/** The `snowflake:` keys the organization connection takes from `snowflake:` when it does not set them: who logs in, and how. */
const INHERITED_KEYS = ['user', 'authenticator', 'password', 'privateKeyFile', 'privateKeyPassphrase', 'statementTimeoutMs', 'loginTimeoutMs'] as const;

export interface OrganizationAuditOptions {
  readonly organization: OrganizationConfig;
  /** The `snowflake:` section: defaults for who logs in. */
  readonly defaults: SnowflakeSection;
  /** Every watched account with its measured days (measuredAccount). */
  readonly accounts: readonly MeasuredAccount[];
  readonly now: Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where organization/organization_usage.sql is looked for first; the shipped queries/ otherwise. */
  readonly queriesDir?: string;
  readonly onProgress?: (event: CheckProgressEvent) => void;
  /** Opens the session; default: the real driver (loaded lazily). */
  readonly connect?: (settings: SnowflakeSettings) => Promise<SnowflakeClient>;
}

/** The organization account as an account entry, so its settings resolve (and its errors read) as `organization.<key>`. */
export function organizationAccount(organization: OrganizationConfig, defaults: SnowflakeSection): AccountConfig {
  const inherited = Object.fromEntries(INHERITED_KEYS.filter((k) => defaults[k] !== undefined).map((k) => [k, defaults[k]]));
  return { name: 'organization', snowflake: { ...inherited, ...organization.snowflake }, usdPerCredit: 0, labels: {}, keyPath: 'organization' };
}

/** A watched account and the credits its daily_credits outcome says were billed per day (none when it did not run cleanly). */
export function measuredAccount(account: AccountConfig, dailyCredits: Pick<CheckOutcome, 'status' | 'rows'> | undefined): MeasuredAccount {
  const base = { name: account.name, usdPerCredit: account.usdPerCredit, ...(account.snowflake.account ? { identifier: account.snowflake.account } : {}) };
  if (dailyCredits?.status !== 'ok') return base;
  const days = new Map<string, number>();
  for (const row of dailyCredits.rows) {
    const day = row['usage_date'];
    const at = day instanceof Date ? day : typeof day === 'string' ? new Date(day.length === 10 ? `${day}T00:00:00Z` : day) : undefined;
    const credits = num(row['credits_billed']);
    if (at !== undefined && !Number.isNaN(at.getTime()) && credits !== undefined) days.set(at.toISOString().slice(0, 10), credits);
  }
  return { ...base, days };
}

export async function auditOrganization(options: OrganizationAuditOptions): Promise<CheckOutcome> {
  const { organization, now } = options;
  const check = await organizationCheck(options.queriesDir);
  let client: SnowflakeClient;
  try {
    const settings = await resolveAccountSettings(organizationAccount(organization, options.defaults), options.env);
    const connect = options.connect ?? (await import('../sources/connect-snowflake.js')).connectSnowflake;
    client = await connect(settings);
  } catch (error) {
    const reason = `no session in the organization account: ${describeFailure(error)}`;
    return {
      name: ORGANIZATION_CHECK,
      status: 'failed',
      error: reason,
      rows: [],
      findings: [],
      startedAt: now.toISOString(),
      durationMs: 0,
      statementsSent: 0,
    };
  }
  try {
    const [outcome] = await runChecks(client, [check], {
      now,
      clock: () => now, // stamps startedAt: the daemon's cadence reads it back from the store
      usdPerCredit: 0,
      thresholds: { [ORGANIZATION_CHECK]: organization.thresholds },
      evaluators: {
        [ORGANIZATION_CHECK]: (input) =>
          evaluateOrganization(input, { accounts: options.accounts, ...(organization.budget ? { budget: organization.budget } : {}) }),
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return outcome as CheckOutcome;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** organization/organization_usage.sql from the configured queries folder, else the shipped one; a bad file throws (a setup error). */
export async function organizationCheck(queriesDir: string | undefined) {
  const own = queriesDir === undefined ? undefined : join(queriesDir, 'organization');
  const dir = own !== undefined && existsSync(join(own, `${ORGANIZATION_CHECK}.sql`)) ? own : join(defaultQueriesDir(), 'organization');
  const loaded = await loadChecks(dir);
  const check = loaded.checks.find((c) => c.header.name === ORGANIZATION_CHECK);
  if (loaded.errors.length > 0 || check === undefined) throw new AuditSetupError(loaded.errors.join('\n') || `${dir}: no ${ORGANIZATION_CHECK}.sql`);
  return check;
}

/**
 * What the account audit runs when `only` (`--check`) names the organization check: the other names, plus
 * daily_credits (the account's own spend the bill is compared with); with `organization_usage` alone, only that.
 */
export function accountChecksFor(only: readonly string[]): readonly string[] {
  if (!only.includes(ORGANIZATION_CHECK)) return only;
  const others = only.filter((name) => name !== ORGANIZATION_CHECK);
  return others.includes('daily_credits') ? others : [...others, 'daily_credits'];
}

/** Whether an audit with `only` (`--check`) reads the organization view, when one is configured. */
export function auditsOrganization(organization: OrganizationConfig | undefined, only: readonly string[]): organization is OrganizationConfig {
  return organization !== undefined && (only.length === 0 || only.includes(ORGANIZATION_CHECK));
}

/**
 * With several accounts the organization's alerts are not the account whose cycle ran the step: the
 * organization-wide ones (budget, balance, contract) carry `organization=<its account as written>` and no
 * `account`; an account's own (billing gap) that account's name and labels. withAccountLabels adds nothing
 * to labels naming an organization. Stored under the first account (the daemon's step runs where it is watched; audit's report shows it there).
 */
export function organizationLabels(outcome: CheckOutcome, accounts: readonly AccountConfig[], organization: string): CheckOutcome {
  const findings = outcome.findings.map((finding): Finding => {
    const own = accounts.find((a) => a.name === finding.labels['account']);
    return { ...finding, labels: { ...own?.labels, ...finding.labels, organization } };
  });
  return { ...outcome, findings };
}
