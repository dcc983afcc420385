/**
 * What the dashboard shows for a query's text: a dbt statement as its node's short name (from the
 * `node_id` of dbt's `/* {"app": "dbt", ...} *\/` comment) followed by the SQL without the comment;
 * any other text as it is. Pure.
 */

import { dbtCommentIn } from '../dbt/dbt-query-metadata.js';
import { shortName } from '../dbt/node-ownership.js';

/**
 * `text` with dbt's comment replaced by `dbt <node>: ` (or removed when it names no node). A comment cut
 * off by a truncated sample (QUERY_TEXT's first 300 characters, no closing `*\/`) is dropped too, its
 * `node_id` read up to where the cut falls.
 */
export function queryLabel(text: string): string {
  for (let start = text.indexOf('/*'); start >= 0; start = text.indexOf('/*', start + 2)) {
    const end = text.indexOf('*/', start + 2);
    const block = end < 0 ? text.slice(start) : text.slice(start, end + 2);
    const comment = end < 0 ? undefined : dbtCommentIn(block);
    const cut = end < 0 && /^\/\*\s*\{\s*"app"\s*:\s*"dbt"/i.test(block);
    if (comment === undefined && !cut) {
      if (end < 0) break;
      continue;
    }
    const node = typeof comment?.['node_id'] === 'string' ? comment['node_id'] : cut ? /"node_id"\s*:\s*"([^"]+)"/.exec(block)?.[1] : undefined;
    const sql = `${text.slice(0, start)} ${end < 0 ? '' : text.slice(end + 2)}`.replace(/\s+/g, ' ').trim();
    return node !== undefined && node.trim() !== '' ? `dbt ${shortName(node.trim())}: ${sql}`.trim() : sql || text;
  }
  return text;
}
