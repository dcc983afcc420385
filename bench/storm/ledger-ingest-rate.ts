/**
 * Times the alert ledger's ingest on a real store (SQLite file, or Postgres in its own schema): a storm's
 * first run (every alert new), a second run (every alert refreshed), and a run that resolves half of them,
 * one check per group. Prints nothing; the store is the caller's to open and close.
 */

import type { Kysely } from 'kysely';
import type { ObservedAlert } from '../../src/alerts/alert.js';
import { AlertLedger } from '../../src/ledger/alert-ledger.js';
import type { Database } from '../../src/ledger/database.js';

export interface IngestStep {
  readonly label: string;
  /** Alerts passed to ingest (observed, or resolved by absence). */
  readonly alerts: number;
  readonly transitions: number;
  readonly ms: number;
}

/** Runs the three steps over `checks` (check name → the alerts its run observes). */
export async function measureIngest(db: Kysely<Database>, checks: ReadonlyMap<string, readonly ObservedAlert[]>, start: Date): Promise<IngestStep[]> {
  const ledger = new AlertLedger(db);
  const total = [...checks.values()].reduce((n, alerts) => n + alerts.length, 0);
  const step = async (label: string, minute: number, pick: (alerts: readonly ObservedAlert[]) => readonly ObservedAlert[]) => {
    const now = new Date(start.getTime() + minute * 60_000);
    const t0 = performance.now();
    let transitions = 0;
    for (const [check, alerts] of checks) {
      transitions += (await ledger.ingest(check, { status: 'ok', alerts: pick(alerts) }, now)).length;
    }
    return { label, alerts: total, transitions, ms: performance.now() - t0 };
  };
  return [
    await step('first run: every alert new', 0, (a) => a),
    await step('second run: every alert refreshed', 1, (a) => a),
    await step('third run: half resolve', 2, (a) => a.slice(0, Math.floor(a.length / 2))),
  ];
}
