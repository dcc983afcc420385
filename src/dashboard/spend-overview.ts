/**
 * The overview's spend story derived from the stored check snapshots: each visible resource monitor's
 * cycle against its quota with the projection and its basis, month to date in credits and dollars, the
 * last 30 days day by day (when `daily_credits` has run), the top warehouses, queries and dbt models
 * (when `dbt_query_history` has run), snowmon's own cost and the recommendations with the most savings.
 * Pure: no store, no HTML.
 */

import type { Finding } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import { num, str } from '../checks/row-values.js';
import type { CheckSnapshot } from '../ledger/check-snapshot-store.js';
import { findingSavingsUsd, findingUsd } from '../report/summarize-report.js';
import { queryLabel } from './query-label.js';

export interface MonitorSpend {
  readonly name: string;
  readonly level: string;
  readonly quota?: number;
  readonly used: number;
  /** Used / quota in percent; unset without a quota. */
  readonly pct?: number;
  readonly projectedPct?: number;
  /** How the projection was made, e.g. `126.18% from 19.5 days of data`. */
  readonly projection?: string;
  readonly cycleStart?: string;
  readonly cycleEnd?: string;
  readonly warehouses?: string;
  readonly suspended?: string;
}

export interface Driver {
  readonly name: string;
  readonly credits: number;
  readonly usd: number;
  /** Query drivers: the warehouse and a sample of the text. */
  readonly warehouse?: string;
  readonly text?: string;
  readonly runs?: number;
  /** dbt model drivers: the model's owner. */
  readonly owner?: string;
}

export interface DayCredits {
  readonly day: string;
  readonly credits: number;
}

export interface Recommendation {
  readonly check: string;
  readonly finding: Finding;
  readonly savingsUsd?: number;
}

export interface SpendOverview {
  readonly monitors: readonly MonitorSpend[];
  /** Month to date as billed (METERING_DAILY_HISTORY), else as metered per warehouse. */
  readonly monthToDate?: { readonly credits: number; readonly usd: number; readonly basis: string };
  readonly days: readonly DayCredits[];
  readonly topWarehouses: readonly Driver[];
  readonly topQueries: readonly Driver[];
  /** The dbt models that cost the most over the `model_day` rows' days; empty without that snapshot. */
  readonly topModels: readonly Driver[];
  /** The first and last UTC day the `model_day` rows cover (`2026-11-14`), when there are any. */
  readonly modelDays?: { readonly from: string; readonly to: string };
  readonly selfCost?: { readonly credits: number; readonly usd: number; readonly summary: string };
  readonly recommendations: readonly Recommendation[];
}

const rowsOf = (snapshots: ReadonlyMap<string, CheckSnapshot>, check: string): readonly Row[] => snapshots.get(check)?.rows ?? [];
const findingsOf = (snapshots: ReadonlyMap<string, CheckSnapshot>, check: string): readonly Finding[] => snapshots.get(check)?.findings ?? [];

function monitorSpend(row: Row): MonitorSpend | undefined {
  const name = str(row['name']);
  if (name === undefined) return undefined;
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    name,
    level: str(row['level']) ?? '',
    used: num(row['used_credits']) ?? 0,
    ...optional('quota', num(row['credit_quota'])),
    ...optional('pct', num(row['pct'])),
    ...optional('projectedPct', num(row['projected_pct'])),
    ...optional('projection', str(row['projection'])),
    ...optional('cycleStart', str(row['cycle_start'])),
    ...optional('cycleEnd', str(row['cycle_end'])),
    ...optional('warehouses', str(row['warehouses'])),
    ...optional('suspended', str(row['suspended_warehouses'])),
  };
}

/** The spend story from the latest snapshots (by check name), priced at `usdPerCredit`. */
export function spendOverview(snapshots: ReadonlyMap<string, CheckSnapshot>, usdPerCredit: number, limit = 5): SpendOverview {
  const monitors = rowsOf(snapshots, 'resource_monitors')
    .map(monitorSpend)
    .filter((m): m is MonitorSpend => m !== undefined)
    // Monitors with a quota first, the fullest first: the budget question.
    .sort((a, b) => (b.pct ?? -1) - (a.pct ?? -1) || a.name.localeCompare(b.name));

  const billed = findingsOf(snapshots, 'credits_by_warehouse').find((f) => f.labels['finding'] === 'billed_month_to_date');
  const warehouseRows = rowsOf(snapshots, 'credits_by_warehouse');
  const metered = warehouseRows.reduce((sum, r) => sum + (num(r['credits']) ?? 0), 0);
  const monthToDate =
    billed?.credits !== undefined
      ? { credits: billed.credits, usd: findingUsd(billed, usdPerCredit) ?? billed.credits * usdPerCredit, basis: 'billed, METERING_DAILY_HISTORY' }
      : warehouseRows.length > 0
        ? { credits: metered, usd: metered * usdPerCredit, basis: 'warehouse metering only' }
        : undefined;

  const days = rowsOf(snapshots, 'daily_credits')
    .map((r) => ({ day: String(r['usage_date'] ?? '').slice(0, 10), credits: num(r['credits_billed']) ?? num(r['credits_used']) ?? 0 }))
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day))
    .sort((a, b) => a.day.localeCompare(b.day));

  const topWarehouses = warehouseRows
    .map((r) => ({ name: str(r['warehouse_name']) ?? '?', credits: num(r['credits']) ?? 0 }))
    .filter((d) => d.credits > 0)
    .sort((a, b) => b.credits - a.credits)
    .slice(0, limit)
    .map((d) => ({ ...d, usd: d.credits * usdPerCredit }));

  const topQueries = rowsOf(snapshots, 'top_queries')
    .map((r) => ({
      name: str(r['query_hash']) ?? '?',
      credits: num(r['credits']) ?? 0,
      ...(str(r['warehouse_name']) !== undefined ? { warehouse: str(r['warehouse_name']) } : {}),
      ...(str(r['sample_text']) !== undefined ? { text: queryLabel(str(r['sample_text']) as string) } : {}),
      ...(num(r['runs']) !== undefined ? { runs: num(r['runs']) } : {}),
    }))
    .sort((a, b) => b.credits - a.credits)
    .slice(0, limit)
    .map((d) => ({ ...d, usd: d.credits * usdPerCredit }));

  const { topModels, modelDays } = dbtModels(rowsOf(snapshots, 'dbt_query_history'), usdPerCredit, limit);

  const self = findingsOf(snapshots, 'self_cost').find((f) => f.labels['finding'] === 'self_cost');
  const selfCost =
    self?.credits !== undefined
      ? { credits: self.credits, usd: findingUsd(self, usdPerCredit) ?? self.credits * usdPerCredit, summary: self.summary }
      : undefined;

  const recommendations: Recommendation[] = [];
  for (const snapshot of snapshots.values()) {
    for (const finding of snapshot.findings) {
      if (finding.recommendation === undefined) continue;
      const savingsUsd = findingSavingsUsd(finding, usdPerCredit);
      recommendations.push({ check: snapshot.check, finding, ...(savingsUsd !== undefined ? { savingsUsd } : {}) });
    }
  }
  recommendations.sort((a, b) => (b.savingsUsd ?? -1) - (a.savingsUsd ?? -1) || a.finding.summary.localeCompare(b.finding.summary));

  return {
    monitors,
    ...(monthToDate !== undefined ? { monthToDate } : {}),
    days,
    topWarehouses,
    topQueries,
    topModels,
    ...(modelDays !== undefined ? { modelDays } : {}),
    ...(selfCost !== undefined ? { selfCost } : {}),
    recommendations: recommendations.filter((r) => r.savingsUsd !== undefined).slice(0, limit),
  };
}

/** The `model_day` rows (credits per model per UTC day, with the owner) summed per model, the costliest first. */
function dbtModels(rows: readonly Row[], usdPerCredit: number, limit: number): Pick<SpendOverview, 'topModels' | 'modelDays'> {
  const models = new Map<string, { name: string; credits: number; owner?: string }>();
  const days: string[] = [];
  for (const r of rows) {
    if (r['kind'] !== 'model_day') continue;
    const node = str(r['node']) ?? str(r['model']);
    if (node === undefined) continue;
    const day = String(r['day'] ?? '').slice(0, 10);
    if (/^\d{4}-\d{2}-\d{2}$/.test(day)) days.push(day);
    const owner = str(r['owner']);
    const model = models.get(node) ?? { name: str(r['model']) ?? node, credits: 0, ...(owner !== undefined ? { owner } : {}) };
    model.credits += num(r['credits']) ?? 0;
    models.set(node, model);
  }
  days.sort();
  const topModels = [...models.values()]
    .filter((m) => m.credits > 0)
    .sort((a, b) => b.credits - a.credits || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((m) => ({ ...m, usd: m.credits * usdPerCredit }));
  const from = days[0];
  const to = days[days.length - 1];
  return { topModels, ...(from !== undefined && to !== undefined && topModels.length > 0 ? { modelDays: { from, to } } : {}) };
}
