/**
 * The soak benchmark's emulator, in a child process so the daemon's memory is measured alone: starts the
 * emulator on a FrozenClock at the instant it is given, then obeys IPC messages from bench/soak.ts (set
 * the clock, report SNOWMON_WH's charges, stop). Raises the account budget's quota so no warehouse is
 * suspended during the soak (steady state). Not a general emulator launcher (see src/cli/emulator.ts).
 */

import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator } from '../../src/emulator/start-emulator.js';

export type SoakCommand = { readonly type: 'set'; readonly at: string } | { readonly type: 'charges'; readonly warehouse: string } | { readonly type: 'stop' };
export type SoakRequest = SoakCommand & { readonly id: number };

export interface SoakReply {
  readonly id: number;
  readonly resumes?: number;
  readonly credits?: number;
  readonly statements?: number;
}

const start = process.argv[2];
if (start === undefined || process.send === undefined) throw new Error('usage: fork(emulator-child.js, [ISO instant]) with IPC');
const send = (message: unknown): void => {
  process.send?.(message);
};

const clock = new FrozenClock(new Date(start));
const emulator = await startEmulator({ clock, advanceClockWithQueries: false, scenario: { seed: 11 } });
const budget = emulator.account.monitors.get('ACCOUNT_MONTHLY');
if (budget?.creditQuota) budget.creditQuota *= 20;

process.on('message', (raw) => {
  const request = raw as SoakRequest;
  if (request.type === 'set') {
    clock.set(request.at);
    send({ id: request.id });
  } else if (request.type === 'charges') {
    const charges = emulator.billing.charges(clock.now()).get(request.warehouse);
    send({ id: request.id, resumes: charges?.resumes ?? 0, credits: charges?.credits ?? 0, statements: emulator.statements.length });
  } else {
    void emulator.stop().then(() => {
      send({ id: request.id });
      process.disconnect();
    });
  }
});
send({ ready: true, url: emulator.url, accountName: emulator.accountName });
