/**
 * Alert-storm benchmark: 10,000 alerts in 50 groups to three receivers (the fake Slack Web API, HTTPS
 * PagerDuty and SMTP servers). Prints the pure router's throughput (match, group, inhibit, silence, dedup),
 * the ledger's ingest rate on SQLite (and Postgres when DATABASE_URL is set), and the storm delivered
 * through `Dispatcher` on a simulated clock: messages per receiver, simulated drain time under Slack's
 * 1 message/s/channel, wall time, and notifications lost (outbox rows vs fake receipts). Prints figures;
 * asserts nothing about time. Run with `npm run bench:alert-storm`.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/ledger/open-database.js';
import { loadRouting } from '../src/router/load-routing.js';
import { measureIngest, type IngestStep } from './storm/ledger-ingest-rate.js';
import { routerPass } from './storm/router-throughput.js';
import { NO_ENDPOINTS, STORM, STORM_ENV, stormGroups, stormObserved, writeStormRouting } from './storm/storm-scenario.js';
import { runStormDelivery } from './storm/storm-delivery.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const out = (line = '') => process.stdout.write(`${line}\n`);
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-storm-'));
  try {
    const groups = stormGroups(STORM);
    const alertCount = groups.reduce((n, g) => n + g.findings.length, 0);
    out(
      `alert storm: ${alertCount.toLocaleString('en-US')} alerts in ${groups.length} groups ` +
        `(${STORM.slaGroups} sla → slack+pagerduty, ${STORM.costGroups} cost → slack+email, ${STORM.pipelineGroups} pipeline → slack)`,
    );
    out();

    await routerSection(
      dir,
      groups.flatMap((g) => stormObserved(g).map((a) => a.labels)),
    );
    await ledgerSection(dir, new Map(groups.map((g) => [g.check, stormObserved(g)])));
    await runStormDelivery({ dir, groups, start: T0, out });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function routerSection(dir: string, labelSets: Parameters<typeof routerPass>[1]): Promise<void> {
  const routing = await loadRouting(writeStormRouting(dir, NO_ENDPOINTS), STORM_ENV);
  routerPass(routing, labelSets.slice(0, 500), T0); // warm-up
  const rounds = 2;
  out(`router (pure: match → group → inhibit → silence → dedup), ${rounds} rounds:`);
  for (let i = 0; i < rounds; i++) {
    const f = routerPass(routing, labelSets, T0);
    out(
      `  round ${i + 1}: ${f.alerts} alerts, ${f.groups} groups, ${f.sends} sends, ${f.muted} muted, ${f.resends} re-sends on the ` +
        `unchanged second pass | ${f.ms.toFixed(0)} ms = ${rate(f.alerts, f.ms)} ` +
        `(match+group ${f.matchGroupMs.toFixed(0)} ms, first flush ${f.firstFlushMs.toFixed(0)} ms, dedup-only flush ${f.secondFlushMs.toFixed(0)} ms)`,
    );
  }
  const bare = routerPass({ ...routing, inhibitRules: [] }, labelSets, T0);
  out(`  without the inhibit rule: ${bare.ms.toFixed(0)} ms = ${rate(bare.alerts, bare.ms)} (the cost of inhibition is the difference)`);
  out();
}

async function ledgerSection(dir: string, checks: Parameters<typeof measureIngest>[1]): Promise<void> {
  const print = (store: string, steps: readonly IngestStep[]) => {
    out(`ledger ingest on ${store} (one check per group, ${checks.size} checks):`);
    for (const s of steps) out(`  ${s.label}: ${s.alerts} alerts, ${s.transitions} transitions, ${s.ms.toFixed(0)} ms = ${rate(s.alerts, s.ms)}`);
  };
  const sqlite = await openDatabase(`sqlite:${join(dir, 'ingest.db')}`);
  try {
    print('SQLite (file, WAL)', await measureIngest(sqlite, checks, T0));
  } finally {
    await sqlite.destroy();
  }
  const url = process.env['DATABASE_URL'];
  if (url === undefined) {
    out('ledger ingest on Postgres: skipped (DATABASE_URL not set)');
  } else {
    const schema = `snowmon_bench_${randomBytes(6).toString('hex')}`;
    const pg = await openDatabase(url, { schema });
    try {
      print(`Postgres (schema ${schema})`, await measureIngest(pg, checks, T0));
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(pg);
      await pg.destroy();
    }
  }
  out();
}

main().catch((error: unknown) => {
  process.stderr.write(`alert-storm failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
