/**
 * snowmon.yaml as a whole: the typed `Config` every command runs with, and the one list of its sections,
 * each validated by the folder that owns it. The only place that knows every section, so the owners
 * never import one another (or config/) to assemble it; reading the file is load-config.ts's.
 */

import { resolve } from 'node:path';
import { checksSection, pricingSection, queriesDirSection } from '../checks/checks-config.js';
import type { ChecksConfig, PricingConfig } from '../checks/checks-config.js';
import { budgetsSection, reportUnknownAccounts } from '../checks/budgets-config.js';
import type { BudgetConfig } from '../checks/budgets-config.js';
import { organizationSection } from '../checks/organization-config.js';
import type { OrganizationConfig } from '../checks/organization-config.js';
import { defaultQueriesDir } from '../checks/load-checks.js';
import { storeSection } from '../ledger/store-section.js';
import type { StoreConfig } from '../ledger/store-section.js';
import { validateSections, Validator } from '../config/validate-config.js';
import type { SectionValidators, ValidationContext, ValidationResult } from '../config/validate-config.js';
import { daemonSection } from '../daemon/daemon-config.js';
import type { DaemonConfig } from '../daemon/daemon-config.js';
import { dbtSection } from '../dbt/dbt-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import { routingSection } from '../router/routing-section.js';
import type { RoutingSection } from '../router/routing-section.js';
import { accountsSection, configAccounts } from '../sources/account-config.js';
import type { AccountConfig } from '../sources/account-config.js';
import { snowflakeSection } from '../sources/snowflake-config.js';
import type { SnowflakeSection } from '../sources/snowflake-config.js';
import { runbooksSection } from '../alerts/runbooks-section.js';
import type { RunbooksSection } from '../alerts/runbooks-section.js';

/** The validated, deeply frozen configuration. */
export interface Config {
  /** Absolute path of the file it was loaded from. */
  readonly file: string;
  /** The `snowflake:` section as written: the one account without `accounts:`, the defaults of every account with it. Connect through `accounts`. */
  readonly snowflake: SnowflakeSection;
  /** The accounts watched, never empty (src/sources/account-config.ts). */
  readonly accounts: readonly AccountConfig[];
  readonly pricing: PricingConfig;
  /** Every shipped check, enabled with no overrides unless the file says otherwise. */
  readonly checks: ChecksConfig;
  /** Absolute path of the folder holding the `*.sql` checks. */
  readonly queriesDir: string;
  /** Where alerts, silences, acknowledgements and the outbox are kept. */
  readonly store: StoreConfig;
  /** The routing table. */
  readonly routing: RoutingSection;
  /** Runbook lines overriding the defaults of src/alerts/runbooks.ts, by runbook key. */
  readonly runbooks: RunbooksSection;
  /** `snowmon run`: schedules, HTTP, health thresholds, lease and shutdown (src/daemon/daemon-config.ts). */
  readonly daemon: DaemonConfig;
  /** `snowmon dbt status`: artifact folders and named pipelines with their SLAs (src/dbt/dbt-config.ts). */
  readonly dbt: DbtConfig;
  /** Monthly budgets per owner or team, kept by the `budgets` check (src/checks/budgets-config.ts). */
  readonly budgets: readonly BudgetConfig[];
  /** The organization account's connection and its budget, when configured (src/checks/organization-config.ts). */
  readonly organization?: OrganizationConfig;
}

/** The top-level keys of snowmon.yaml and who validates each, in the order they are checked. */
function sections(queriesDir: string) {
  return {
    snowflake: snowflakeSection,
    accounts: accountsSection,
    pricing: pricingSection,
    checks: checksSection,
    queries_dir: (v, value) => queriesDirSection(v, value, queriesDir),
    store: storeSection,
    // The shipped routing table sits in config/ beside the shipped queries/ folder.
    routing: (v, value) => routingSection(v, value, resolve(queriesDir, '..', 'config', 'routing.yaml')),
    runbooks: runbooksSection,
    daemon: daemonSection,
    dbt: dbtSection,
    budgets: budgetsSection,
    organization: organizationSection,
  } satisfies SectionValidators;
}

/** Turns the plain value parsed from snowmon.yaml into a `Config` (not frozen yet), or every problem with it. */
export function validateConfig(raw: unknown, context: ValidationContext): ValidationResult<Config> {
  const { config: s, issues, setAside } = validateSections(raw, sections(defaultQueriesDir()), context);
  if (!s) return { issues, ...(setAside ? { setAside } : {}) };
  const { snowflake, accounts: entries, pricing, queries_dir: queriesDir, store, routing, runbooks, daemon, dbt, budgets, organization } = s;
  const accounts = configAccounts(snowflake, entries, pricing.usdPerCredit);
  const v = new Validator(context);
  const names = accounts.map((a) => a.name);
  budgets.forEach((b, i) => reportUnknownAccounts(v, ['budgets', String(i), 'account'], b.accounts, names));
  reportUnknownAccounts(v, ['organization', 'budget', 'account'], organization?.budget?.accounts ?? [], names);
  for (const [name, check] of Object.entries(s.checks)) reportUnknownAccounts(v, ['checks', name, 'account'], check.accounts ?? [], names);
  reportUnknownAccounts(v, ['dbt', 'account'], dbt.account !== undefined ? [dbt.account] : [], names);
  if (v.issues.length > 0) return { issues: v.issues, ...(setAside ? { setAside } : {}) };
  const checks = budgetsCheckDefault(s.checks, budgets, raw);
  return {
    config: {
      file: context.absoluteFile,
      snowflake,
      accounts,
      pricing,
      checks,
      queriesDir,
      store,
      routing,
      runbooks,
      daemon,
      dbt,
      budgets,
      ...(organization ? { organization } : {}),
    },
    issues,
    ...(setAside ? { setAside } : {}),
  };
}

/**
 * The `budgets` check reads QUERY_ATTRIBUTION_HISTORY (a warehouse statement): it runs when `budgets:` lists
 * one, or when `checks.budgets.enabled` says so; otherwise nobody asked for it and it costs nothing.
 */
function budgetsCheckDefault(checks: ChecksConfig, budgets: readonly BudgetConfig[], raw: unknown): ChecksConfig {
  const section = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const explicit = section(section(section(raw, 'checks'), 'budgets'), 'enabled') !== undefined;
  if (explicit || budgets.length > 0) return checks;
  return { ...checks, budgets: { ...checks.budgets, enabled: false } };
}
