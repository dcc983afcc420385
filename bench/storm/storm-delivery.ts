/**
 * The storm delivered end to end through `Alerting` to the fake Slack, PagerDuty and SMTP servers on a
 * simulated clock. Not implemented yet: it waits for src/alerting/alerting.ts.
 */

import type { StormGroup } from './storm-scenario.js';

export interface StormDeliveryOptions {
  readonly dir: string;
  readonly groups: readonly StormGroup[];
  readonly start: Date;
  readonly out: (line?: string) => void;
}

export async function runStormDelivery(options: StormDeliveryOptions): Promise<void> {
  options.out('storm delivery: not implemented: waits for src/alerting');
}
