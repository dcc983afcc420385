/**
 * The fleet bench's emulator, in a child process (its CPU and memory are then its own): starts the
 * emulator for the bench's accounts and obeys IPC messages from bench/fleet.ts: `budget` sets the
 * ACCOUNT_MONTHLY resource monitor's quota of some accounts so it is 95 % used (`loud`: past the 75 and 90 %
 * thresholds, short of the 100 % suspend, whatever the account's seeded fill), 5 % used (`quiet`: every
 * budget alert resolves) or as seeded (`seeded`): notifications to count while a replica dies; and `stop`.
 * Not a general launcher (src/cli/emulator.ts is).
 */

import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';

export type BudgetState = 'loud' | 'quiet' | 'seeded';
export type FleetEmulatorCommand = { readonly type: 'budget'; readonly accounts: readonly string[]; readonly state: BudgetState } | { readonly type: 'stop' };
export type FleetEmulatorRequest = FleetEmulatorCommand & { readonly id: number };

export interface FleetEmulatorReady {
  readonly ready: true;
  readonly url: string;
  /** One emulated account per bench account, or one shared by all (this build's emulator serves one). */
  readonly perAccount: boolean;
  /** Start and seeding of every account. */
  readonly seedSeconds: number;
}

const BUDGET = 'ACCOUNT_MONTHLY';
/** The share of the quota used in each state (`seeded`: the quota as seeded). */
const USED: Record<Exclude<BudgetState, 'seeded'>, number> = { loud: 0.95, quiet: 0.05 };

const names = (process.argv[2] ?? '').split(',').filter((n) => n !== '');
if (names.length === 0 || process.send === undefined) throw new Error('usage: fork(emulator-child.js, [account,account,...]) with IPC');

// The free loop sends SHOW commands only: a short, small history keeps 200 seeded accounts light.
const startedAt = performance.now();
const emulator = await startEmulator({ advanceClockWithQueries: false, scenario: { seed: 11, days: 30, queryHistoryRows: 1000 }, accounts: names });
await emulator.seedAll();
const accounts = new Map<string, RunningEmulator['account']>();
for (const name of names) accounts.set(name, (await emulator.accountByName(name)).account);
/** Each monitor's quota before the first change (several accounts share one monitor when the emulator serves one account). */
const original = new Map<object, number | null>();
const budgetOf = (account: string) => (accounts.get(account) ?? emulator.account).monitors.get(BUDGET);

// The bench gone (failed, interrupted): stop too, rather than serve nobody.
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const request = raw as FleetEmulatorRequest;
  if (request.type === 'budget') {
    for (const account of request.accounts) {
      const monitor = budgetOf(account);
      if (monitor === undefined) continue;
      if (!original.has(monitor)) original.set(monitor, monitor.creditQuota);
      const seeded = original.get(monitor) ?? null;
      // A monitor that has used nothing yet cannot be made loud by its quota: it keeps the seeded one.
      const used = monitor.usedCredits;
      monitor.creditQuota = request.state === 'seeded' || seeded === null || used <= 0 ? seeded : used / USED[request.state];
    }
    process.send?.({ id: request.id });
  } else {
    void emulator.stop().then(() => {
      process.send?.({ id: request.id });
      process.disconnect();
    });
  }
});
process.send({ ready: true, url: emulator.url, perAccount: true, seedSeconds: (performance.now() - startedAt) / 1000 } satisfies FleetEmulatorReady);
