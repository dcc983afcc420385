/**
 * The README's narrow grants must open every ACCOUNT_USAGE view a shipped query reads, per Snowflake's
 * view → database-role table (src/sources/account-usage-access.ts). A new view in queries/ without its
 * role in the README, or in the table, fails here.
 */

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defaultQueriesDir, loadChecks } from '../../../src/checks/load-checks.js';
import { databaseRolesFor } from '../../../src/sources/account-usage-access.js';

describe('README Snowflake setup', () => {
  it('does grant a database role that opens every ACCOUNT_USAGE view the queries read', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const setup = readme.slice(readme.indexOf('## Setting up Snowflake'), readme.indexOf('## Pointing it at a real account'));
    const granted = new Set([...setup.matchAll(/grant database role snowflake\.(\w+) to role snowmon_role/gi)].map((m) => (m[1] ?? '').toUpperCase()));
    expect([...granted].sort()).toEqual(['GOVERNANCE_VIEWER', 'OBJECT_VIEWER', 'SECURITY_VIEWER', 'USAGE_VIEWER']);

    const { checks, errors } = await loadChecks(defaultQueriesDir());
    expect(errors).toEqual([]);
    const views = new Set<string>();
    for (const check of checks) {
      for (const sql of check.statements) {
        for (const m of sql.matchAll(/snowflake\.account_usage\.(\w+)/gi)) views.add((m[1] ?? '').toUpperCase());
      }
    }
    expect(views.size).toBeGreaterThan(5);
    const unopened = [...views].filter((view) => !(databaseRolesFor(view) ?? []).some((role) => granted.has(role)));
    expect(unopened).toEqual([]);
    // Each listed view name appears in the README beside its grants, so a reader can check them.
    for (const view of views) expect(setup).toContain(view);
  });
});
