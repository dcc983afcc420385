/**
 * Progress of a running audit, one line per check on stderr, so stdout stays the report.
 */

import type { CheckProgressEvent } from '../checks/run-checks.js';

export function printProgress(event: CheckProgressEvent): void {
  if (event.type === 'check_started') {
    process.stderr.write(`  ${event.name} (${event.cost})...\n`);
  } else if (event.type === 'check_finished') {
    const took = `${(event.durationMs / 1000).toFixed(1)}s`;
    const line =
      event.status === 'ok'
        ? `  ${event.name}: ok in ${took}`
        : event.status === 'partial'
          ? `  ${event.name}: PARTIAL in ${took}: ${event.error ?? 'a statement was refused'}`
          : `  ${event.name}: FAILED: ${event.error ?? 'unknown error'}`;
    process.stderr.write(`${line}\n`);
  }
}
