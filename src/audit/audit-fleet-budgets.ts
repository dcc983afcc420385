/**
 * `snowmon audit` over several accounts: the budgets with no `account:` summed over the audited accounts'
 * `budgets` parts (src/checks/fleet-budgets.ts), one outcome `fleet_budgets` shown once, in the first
 * report. An account not audited (or whose budgets run failed) is named as not measured. No Snowflake
 * statement of its own. Pure but for loading the budgets check's header thresholds.
 */

import type { BudgetConfig } from '../checks/budgets-config.js';
import type { CheckOutcome } from '../checks/check.js';
import { evaluateFleetBudgets } from '../checks/fleet-budgets.js';
import { loadChecks } from '../checks/load-checks.js';
import { isAccountsList } from '../sources/account-config.js';

export const FLEET_BUDGETS_CHECK = 'fleet_budgets';

interface AuditedAccount {
  readonly account: { readonly name: string; readonly usdPerCredit: number; readonly keyPath: string };
  readonly report: { readonly generatedAt: string; readonly checks: readonly CheckOutcome[] };
}

interface FleetBudgetsConfig {
  readonly accounts: readonly { readonly name: string; readonly usdPerCredit: number; readonly keyPath: string }[];
  readonly budgets?: readonly BudgetConfig[];
  readonly queriesDir?: string;
  readonly checks: Readonly<Record<string, { readonly thresholds: Readonly<Record<string, number>> } | undefined>>;
}

/** The fleet-wide budgets' outcome, or undefined when there is nothing to sum (one account, no such budget, budgets not run). */
export async function fleetBudgetsOutcome(config: FleetBudgetsConfig, audited: readonly AuditedAccount[]): Promise<CheckOutcome | undefined> {
  const budgets = (config.budgets ?? []).filter((b) => b.accounts.length === 0);
  const ran = audited.filter((a) => a.report.checks.some((c) => c.name === 'budgets'));
  if (!isAccountsList(config.accounts) || budgets.length === 0 || ran.length === 0) return undefined;
  const header = (await loadChecks(config.queriesDir)).checks.find((c) => c.header.name === 'budgets')?.header.thresholds ?? {};
  const now = new Date((ran[0] as AuditedAccount).report.generatedAt);
  const figures = config.accounts.map((account) => {
    const own = audited.find((a) => a.account.name === account.name)?.report.checks.find((c) => c.name === 'budgets' && c.status !== 'failed');
    return { name: account.name, usdPerCredit: account.usdPerCredit, ...(own !== undefined ? { rows: own.rows } : {}) };
  });
  const sum = evaluateFleetBudgets(budgets, figures, { ...header, ...(config.checks['budgets']?.thresholds ?? {}) }, now);
  return {
    name: FLEET_BUDGETS_CHECK,
    status: sum.status,
    ...(sum.missing.length > 0 ? { error: `not measured: ${sum.missing.join(', ')}` } : {}),
    rows: sum.rows,
    findings: sum.findings,
    startedAt: now.toISOString(),
    durationMs: 0,
    statementsSent: 0,
  };
}
