/**
 * The daemon's loops driven by hand against the emulator through the real driver, a temp SQLite store
 * and console receivers: a free-loop cycle alerts and delivers, the warehouse loop costs one resume per
 * cycle with every statement tagged, and /healthz /readyz /metrics answer on port 0. Expectations come
 * from the emulator's account model and billing, not from the code under test.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, T0, type Harness } from './run-harness.js';

let h: Harness;
/** The self_cost check's 30-day credits from the last warehouse cycle. */
let selfCost: number | undefined;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('snowmon run loops', () => {
  it('does ingest resource-monitor alerts in a free-loop cycle and deliver them to the console receiver', async () => {
    const record = await h.daemon.runFreeCycle(T0);
    expect(record).toBeDefined();
    const monitors = record!.outcomes.find((o) => o.name === 'resource_monitors');
    expect(monitors?.status).toBe('ok');
    expect(monitors?.startedAt).toBe(T0.toISOString()); // stamped by the daemon's clock, not the system's
    // The scenario's monitors past a threshold, from the emulator's own model.
    const past = [...h.emulator.account.monitors.values()].filter((m) => m.creditQuota !== null && m.creditQuota > 0 && m.usedCredits / m.creditQuota >= 0.75);
    expect(past.length).toBeGreaterThan(0);
    const alerted = new Set(monitors!.findings.filter((f) => f.labels['alert_type'] === 'cost_monitor').map((f) => f.labels['monitor']));
    for (const m of past) expect(alerted.has(m.name)).toBe(true);
    expect(record!.sessionError).toBeUndefined();

    const summary = await h.daemon.deliverDue(T0);
    expect(summary.sent).toBeGreaterThan(0);
    const costs = h.console.filter((text) => text.startsWith('── console-costs'));
    for (const m of past) expect(costs.some((text) => text.includes(m.name))).toBe(true);
    // Nothing new on the next pass: delivered once.
    const again = await h.daemon.deliverDue(T0);
    expect(again.sent).toBe(0);
  }, 60_000);

  it('does send each SHOW once per free-loop cycle, shared by the checks and the snapshots', async () => {
    h.clock.advance(60_000);
    const first = h.emulator.statements.length;
    await h.daemon.runFreeCycle(h.clock.now());
    const shows = h.emulator.statements
      .slice(first)
      .map((s) => s.sql.replace(/\s+/g, ' ').trim().toUpperCase())
      .filter((s) => s.startsWith('SHOW'));
    expect(shows.sort()).toEqual(['SHOW RESOURCE MONITORS', 'SHOW WAREHOUSES']);
  }, 60_000);

  it('does resume SNOWMON_WH exactly once per warehouse cycle and tag every statement', async () => {
    const resumes = () => h.emulator.billing.charges(h.clock.now()).get('SNOWMON_WH')?.resumes ?? 0;
    for (let cycle = 0; cycle < 2; cycle++) {
      h.clock.advance(15 * 60_000); // past AUTO_SUSPEND: the warehouse is suspended again
      const before = resumes();
      const firstStatement = h.emulator.statements.length;
      const record = await h.daemon.runWarehouseCycle(h.clock.now());
      expect(record?.sessionError).toBeUndefined();
      const warehouseChecks = record!.outcomes.map((o) => o.name);
      const total = record!.outcomes.find((o) => o.name === 'self_cost')?.rows.find((r) => r['check'] === '(warehouse total)');
      selfCost = total?.['credits_30d'] as number;
      // The digest line, logged and on the handle, carries the same figures.
      const digest = h.daemon.lastSelfCost();
      expect(digest?.at).toBe(h.clock.now().toISOString());
      expect(digest?.credits30d).toBe(selfCost);
      expect(digest?.credits1d).toBe(total?.['credits_1d']);
      expect(digest?.statements).toBe(total?.['statements']);
      expect(h.logs.filter((l) => l['msg'] === digest?.line && l['level'] === 30).length).toBe(cycle + 1);
      expect(digest?.line).toMatch(
        /^snowmon self-cost: [\d.]+ credits \(≈ \$[\d.]+\) in the 24 h ending 6 h ago, [\d.]+ in 30 days, \d+ statements in 7 days$/,
      );
      expect(warehouseChecks).toContain('credits_by_warehouse');
      expect(record!.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.name}: ${o.error}`)).toEqual([]);
      expect(resumes() - before).toBe(1);
      const sent = h.emulator.statements.slice(firstStatement);
      expect(sent.length).toBeGreaterThan(0);
      for (const statement of sent) {
        expect(statement.queryTag, statement.sql).not.toBeNull();
        const tag = JSON.parse(statement.queryTag as string) as { app: string; check: string };
        expect(tag.app).toBe('snowmon');
      }
      const tagged = new Set(sent.map((s) => (JSON.parse(s.queryTag as string) as { check: string }).check));
      for (const name of warehouseChecks) expect(tagged.has(name)).toBe(true);
    }
  }, 120_000);

  it('does answer /healthz, /readyz and /metrics on port 0 with the recorded runs', async () => {
    await h.daemon.runFreeCycle(h.clock.now());
    const base = `http://127.0.0.1:${h.daemon.httpPort()}`;
    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(200);
    expect(((await readyz.json()) as { status: string }).status).toBe('ready');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const account = h.emulator.accountName.replace(/[.]/g, '\\.');
    expect(metrics).toMatch(new RegExp(`snowmon_check_runs_total\\{account="${account}",check="resource_monitors",status="ok"\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`snowmon_check_runs_total\\{account="${account}",check="credits_by_warehouse",status="ok"\\} 2`));
    expect(metrics).toMatch(/snowmon_alerts_firing\{alert_type="cost_monitor"\} [1-9]/);
    expect(metrics).toMatch(/snowmon_notifications_total\{receiver="console-costs",result="sent"\} [1-9]/);
    const tagged = h.emulator.statements.filter((s) => s.queryTag !== null && (JSON.parse(s.queryTag) as { check: string }).check === 'resource_monitors');
    expect(tagged.length).toBeGreaterThan(0);
    expect(metrics).toContain(`snowmon_snowflake_statements_total{account="${h.emulator.accountName}",check="resource_monitors"} ${tagged.length}\n`);
    expect(metrics).toMatch(/snowmon_outbox_depth \d/);
    expect(selfCost).toBeGreaterThan(0);
    expect(metrics).toContain(`snowmon_self_cost_credits{account="${h.emulator.accountName}"} ${selfCost}\n`);

    // 3 free-loop intervals later with no cycle, it is not ready.
    h.clock.advance(4 * 60_000);
    const stale = await fetch(`${base}/readyz`);
    expect(stale.status).toBe(503);
    expect(((await stale.json()) as { reason: string }).reason).toMatch(/last cycle finished 4 min ago/);
  }, 60_000);
});
