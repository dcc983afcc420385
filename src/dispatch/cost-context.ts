/**
 * The context lines a cost alert carries so its message says where the spend is: the warehouses and
 * queries behind this cycle's credits, taken from the latest `credits_by_warehouse` and `top_queries`
 * rows. Pure; which outcomes are "latest" is the caller's business.
 */

import type { Row } from '../sources/snowflake-client.js';

export interface CostContextSource {
  /** Rows of `credits_by_warehouse` (warehouse_name, credits), when a run gave them. */
  readonly creditsByWarehouse?: readonly Row[];
  /** Rows of `top_queries` (query_hash, warehouse_name, credits, runs, sample_text). */
  readonly topQueries?: readonly Row[];
}

/** Alert types whose messages get the spend context. */
export const COST_ALERT_TYPES: readonly string[] = ['cost_monitor'];

/** Up to `limit` warehouses and `limit` queries by credits, one line each; empty when nothing is known. */
export function costContext(source: CostContextSource, limit = 3): string[] {
  const lines: string[] = [];
  const warehouses = [...(source.creditsByWarehouse ?? [])]
    .filter((r) => typeof r['warehouse_name'] === 'string' && credits(r) > 0)
    .sort((a, b) => credits(b) - credits(a))
    .slice(0, limit);
  if (warehouses.length > 0) {
    lines.push(`Top warehouses this cycle: ${warehouses.map((r) => `${String(r['warehouse_name'])} ${fmt(credits(r))} credits`).join(', ')}`);
  }
  const queries = [...(source.topQueries ?? [])]
    .filter((r) => credits(r) > 0)
    .sort((a, b) => credits(b) - credits(a))
    .slice(0, limit);
  for (const q of queries) {
    const text = typeof q['sample_text'] === 'string' ? q['sample_text'].replace(/\s+/g, ' ').slice(0, 60) : '';
    const runs = Number(q['runs']);
    lines.push(
      `Top query ${String(q['query_hash'] ?? '?')} on ${String(q['warehouse_name'] ?? '?')}: ${fmt(credits(q))} credits` +
        `${Number.isFinite(runs) && runs > 0 ? ` over ${runs} runs` : ''}${text ? ` (${text})` : ''}`,
    );
  }
  return lines;
}

function credits(row: Row): number {
  const n = Number(row['credits']);
  return Number.isFinite(n) ? n : 0;
}

function fmt(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}
