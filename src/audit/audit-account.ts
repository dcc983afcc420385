/**
 * One audit of a Snowflake account: load the checks, open one session, run them under the cost rules,
 * close, and return the report. The `audit` and `demo` commands and the audit benchmark share it; it
 * renders nothing and never throws for a failing check or an unreachable Snowflake (that is data too).
 */

import type { CheckDefinition, CheckOutcome } from '../checks/check.js';
import { loadChecks } from '../checks/load-checks.js';
import { describeFailure, runChecks, selectChecks } from '../checks/run-checks.js';
import type { CheckProgressEvent } from '../checks/run-checks.js';
import { checkRunsIn, type CheckingConfig } from '../checks/checks-config.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import type { AuditReport } from '../report/audit-report.js';
import type { SnowflakeClient } from '../sources/snowflake-client.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import { monitorCyclesFrom } from '../checks/monitor-schedule.js';
import { newestManifest } from '../dbt/newest-manifest.js';
import { ManifestCache } from '../dbt/read-artifact-file.js';
import { DBT_CHECK } from '../dbt/dbt-outcome.js';
import { dbtEvaluators, type DbtContext } from '../dbt/evaluate-dbt-query-history.js';
import { artifactCoverage } from '../dbt/artifact-coverage.js';
import { findArtifacts, type ArtifactScan } from '../dbt/find-artifacts.js';
import { budgetEvaluators } from '../checks/evaluate-budgets.js';
import { auditDbt } from './audit-dbt.js';

export interface AuditOptions {
  readonly config: CheckingConfig & { readonly dbt: DbtConfig };
  readonly settings: SnowflakeSettings;
  /** The account's name (accounts[].name): a budget's or a check's `account:` filter is read against it. */
  readonly account?: string;
  /** One of several accounts: a budget of no `account:` yields only this account's part (summed by audit-fleet-budgets.ts). */
  readonly fleetWide?: boolean;
  /** Run only these checks (`--check`); they run even when config disables them. `dbt` is the dbt section. */
  readonly only?: readonly string[];
  /** The evaluation instant; default now. */
  readonly now?: Date;
  readonly onProgress?: (event: CheckProgressEvent) => void;
  /** Called once when no session could be opened; every check then fails with this reason. */
  readonly onSessionFailed?: (reason: string) => void;
  /** Opens the session; default: the real driver (loaded lazily). */
  readonly connect?: (settings: SnowflakeSettings) => Promise<SnowflakeClient>;
}

/** Thrown for problems the user must fix before any check can run (bad query files, unknown --check). */
export class AuditSetupError extends Error {}

export async function auditAccount(options: AuditOptions): Promise<AuditReport> {
  const { config, settings } = options;
  const now = options.now ?? new Date();
  const only = options.only ?? [];
  const withDbt = config.dbt.artifacts.length > 0 && (only.length === 0 || only.includes(DBT_CHECK));
  if (only.includes(DBT_CHECK) && config.dbt.artifacts.length === 0) throw new AuditSetupError('check "dbt" needs dbt.artifacts in the config');
  const snowflakeOnly = only.filter((name) => name !== DBT_CHECK);
  // The artifacts are read once, for the dbt section and for dbt_query_history (owners, coverage).
  const manifests = new ManifestCache();
  const scan = withDbt ? await findArtifacts(config.dbt.artifacts, manifests) : undefined;
  // The dbt section reads files only: with `--check dbt` alone no Snowflake session is opened.
  if (only.length > 0 && snowflakeOnly.length === 0) return report(config, settings, now, [auditDbt(config.dbt, now, scan!)]);
  const checks = await checksToRun(config, snowflakeOnly, options.account);
  const dbt = (outcomes: CheckOutcome[]): CheckOutcome[] => (scan ? [...outcomes, auditDbt(config.dbt, now, scan)] : outcomes);
  const connect = options.connect ?? (await import('../sources/connect-snowflake.js')).connectSnowflake;

  let outcomes: CheckOutcome[];
  let client: SnowflakeClient | undefined;
  try {
    client = await connect(settings);
  } catch (error) {
    const reason = `no snowflake session: ${describeFailure(error)}`;
    options.onSessionFailed?.(reason);
    outcomes = checks.map((check) => failedBeforeStart(check, reason, now));
    return report(config, settings, now, dbt(outcomes));
  }
  try {
    const fromArtifacts = checks.some((c) => c.header.name === 'dbt_query_history') ? await queryHistoryContext(config.dbt, manifests, scan, now) : {};
    outcomes = await runChecks(client, checks, {
      now,
      usdPerCredit: config.pricing.usdPerCredit,
      thresholds: Object.fromEntries(Object.entries(config.checks).map(([name, c]) => [name, c.thresholds])),
      monitorCycles: monitorCyclesFrom(config.checks),
      evaluators: {
        ...dbtEvaluators({ pipelines: config.dbt.pipelines, ...fromArtifacts }),
        ...budgetEvaluators(config.budgets ?? [], options.account, options.fleetWide === true),
      },
      ...(settings.warehouse ? { snowmonWarehouse: settings.warehouse } : {}),
      ...(settings.role ? { role: settings.role } : {}),
      statementTimeoutMs: settings.statementTimeoutMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await client.close();
  }
  return report(config, settings, now, dbt(outcomes));
}

/**
 * What dbt_query_history takes from the artifacts: the newest manifest's owners and, when the dbt section
 * runs in the same audit (`scan`), what it covers, so a failure both see is reported once (artifact-coverage.ts).
 */
async function queryHistoryContext(
  config: DbtConfig,
  manifests: ManifestCache,
  scan: ArtifactScan | undefined,
  now: Date,
): Promise<Omit<DbtContext, 'pipelines'>> {
  const manifest = await newestManifest(config.artifacts, manifests);
  const artifacts = scan ? artifactCoverage(scan.artifacts.filter((a) => a.generatedAt <= now)) : undefined;
  return { ...(manifest ? { manifest } : {}), ...(artifacts ? { artifacts } : {}) };
}

async function checksToRun(config: CheckingConfig, only: readonly string[] | undefined, account: string | undefined): Promise<CheckDefinition[]> {
  const loaded = await loadChecks(config.queriesDir);
  if (loaded.errors.length > 0) throw new AuditSetupError(loaded.errors.join('\n'));
  if (only && only.length > 0) {
    try {
      return selectChecks(loaded.checks, only);
    } catch (error) {
      throw new AuditSetupError((error as Error).message);
    }
  }
  return loaded.checks.filter((check) => checkRunsIn(config.checks, check.header.name, account));
}

function failedBeforeStart(check: CheckDefinition, error: string, now: Date): CheckOutcome {
  return {
    name: check.header.name,
    status: 'failed',
    error,
    rows: [],
    findings: [],
    startedAt: now.toISOString(),
    durationMs: 0,
    statementsSent: 0,
  };
}

function report(config: CheckingConfig, settings: SnowflakeSettings, now: Date, checks: readonly CheckOutcome[]): AuditReport {
  return { generatedAt: now.toISOString(), account: settings.account, usdPerCredit: config.pricing.usdPerCredit, checks };
}
