/**
 * The one-cycle alert storm (bench/storm/one-cycle-storm.ts): RSS, event-loop stalls and database round
 * trips when 10,000 alerts arrive in one cycle. Run with `npm run bench:cycle-storm`; ALERTS=n to resize.
 */

import { STORM } from './storm/storm-scenario.js';
import { oneCycleStorm } from './storm/one-cycle-storm.js';

const alerts = Number(process.env['ALERTS'] ?? 10_000);
const perGroup = Math.max(1, Math.round(alerts / (STORM.slaGroups + STORM.costGroups + STORM.pipelineGroups)));
oneCycleStorm({ ...STORM, alertsPerGroup: perGroup }).catch((error: unknown) => {
  process.stderr.write(`cycle-storm failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
