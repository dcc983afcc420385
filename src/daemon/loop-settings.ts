/**
 * Small pieces the daemon's loops share: the enabled checks of a config, the settings a loop runs them
 * with (price, threshold overrides, snowmon's warehouse, statement deadline), a one-at-a-time runner for
 * alerting work, and a secret-free error line. No scheduling and no I/O beyond reading the query files.
 */

import type { CheckDefinition } from '../checks/check.js';
import { loadChecks } from '../checks/load-checks.js';
import { checkRunsIn, type CheckingConfig } from '../checks/checks-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import { dbtEvaluators, type DbtContext } from '../dbt/evaluate-dbt-query-history.js';
import { budgetEvaluators } from '../checks/evaluate-budgets.js';
import { scrubSecrets } from '../config/scrub-secrets.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { LoopSettings } from './free-loop.js';
import { monitorCyclesFrom } from '../checks/monitor-schedule.js';
import { isAccountsList } from '../sources/account-config.js';

export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;

/** Runs work one piece at a time (cycles, delivery passes and reloads share one Dispatcher). */
export function serial(): Exclusive {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** An error's message, secrets scrubbed. */
export function message(error: unknown): string {
  return scrubSecrets(error instanceof Error ? error.message : String(error));
}

/** The checks in `queries_dir` that config leaves enabled (in some account); throws on invalid query files. */
export async function enabledChecks(config: CheckingConfig): Promise<CheckDefinition[]> {
  const loaded = await loadChecks(config.queriesDir);
  if (loaded.errors.length > 0) throw new Error(`invalid query files:\n${loaded.errors.join('\n')}`);
  return loaded.checks.filter((c) => checkRunsIn(config.checks, c.header.name, undefined));
}

/**
 * The loops' settings in `account` (its name; a check's `account:` filter and a budget's are read against it).
 * `dbt`: what dbt_query_history takes from the artifacts (the dbt loop's manifest and coverage) when they are configured.
 */
export function loopSettingsFor(
  config: CheckingConfig & { readonly dbt: DbtConfig; readonly accounts?: readonly { readonly name: string; readonly keyPath: string }[] },
  settings: SnowflakeSettings,
  checks: readonly CheckDefinition[],
  dbt: Omit<DbtContext, 'pipelines'> = {},
  account: string | undefined = config.accounts?.[0]?.name,
): LoopSettings {
  return {
    checks: checks.filter((c) => checkRunsIn(config.checks, c.header.name, account)),
    run: {
      usdPerCredit: config.pricing.usdPerCredit,
      thresholds: Object.fromEntries(Object.entries(config.checks).map(([name, c]) => [name, c.thresholds])),
      monitorCycles: monitorCyclesFrom(config.checks),
      evaluators: {
        ...dbtEvaluators({ pipelines: config.dbt.pipelines, ...dbt }),
        ...budgetEvaluators(config.budgets ?? [], account, isAccountsList(config.accounts ?? [])),
      },
      ...(settings.warehouse ? { snowmonWarehouse: settings.warehouse } : {}),
      ...(settings.role ? { role: settings.role } : {}),
      statementTimeoutMs: settings.statementTimeoutMs,
    },
  };
}
