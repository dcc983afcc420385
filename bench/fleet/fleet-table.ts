/**
 * The fleet bench's printout: one column per fleet size, one row per figure, then the notes saying what
 * was not measured and why.
 */

import type { FleetResult } from './run-fleet.js';
import { describeTakeover } from './takeover.js';

const mb = (bytes: number | undefined): string => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(0)}`);
const pct = (share: number | undefined): string => (share === undefined ? '?' : `${(share * 100).toFixed(0)} %`);
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function rows(r: FleetResult): [string, string][] {
  const o = r.options;
  const worst = r.unwatched[0];
  const audit = r.audit;
  const d = r.duplicates;
  const unsent = Object.entries(audit.unsent)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return [
    ['accounts configured / with check runs', `${o.accounts} / ${r.watchedAccounts}`],
    ['cycle / lease TTL', `${o.cycleSeconds} s / ${o.leaseTtlSeconds} s`],
    ['accounts held (steady)', r.replicas.map((p) => p.accounts ?? '?').join(' / ')],
    ['CPU per replica', r.replicas.map((p) => pct(p.cpu)).join(' / ')],
    ['RSS per replica, MB (max)', r.replicas.map((p) => mb(p.rssMax)).join(' / ')],
    ['emulator CPU / RSS MB', `${pct(r.emulator?.cpu)} / ${mb(r.emulator?.rssMax)}`],
    ['PG statements/min (wire)', `${r.statementsPerMinute.toFixed(0)} (${r.replicas.map((p) => p.statementsPerMinute.toFixed(0)).join(' / ')})`],
    ['PG transactions/min (pg_stat_database)', r.transactionsPerMinute.toFixed(0)],
    ['PG tuples written/min', r.tuplesWrittenPerMinute.toFixed(0)],
    ['pg_stat_statements/min', r.pgStatStatementsPerMinute === undefined ? 'not loaded' : r.pgStatStatementsPerMinute.toFixed(0)],
    ['longest run interval, steady', s(r.steadyLongestIntervalMs)],
    ['ticks skipped (steady / kill to rejoin)', `${r.ticksSkipped.steady} / ${r.ticksSkipped.afterKill}`],
    [
      'longest unwatched after kill -9',
      worst === undefined ? 'not measured' : `${s(worst.ms)}${worst.open ? ' (still open)' : ''} (goal <= ${s((o.leaseTtlSeconds + o.cycleSeconds) * 1000)})`,
    ],
    ['accounts the killed replica held', r.killedHeld === undefined ? 'not measured' : String(r.killedHeld)],
    ['moved on leave (of them not its)', r.movedOnLeave === undefined ? 'not measured' : `${r.movedOnLeave.moved} (${r.movedOnLeave.fromOthers})`],
    [
      'moved on join (not to the new one)',
      r.movedOnJoin === undefined ? 'not measured' : `${r.movedOnJoin.moved} (${r.movedOnJoin.notToNew}), then ${r.movedOnJoin.spread}`,
    ],
    ['notifications (outbox rows / sent)', `${audit.outboxRows} / ${audit.sent}`],
    ['lost (unsent, missing, unannounced)', `${audit.lost} (${unsent || '0'}; ${audit.missingAtSlack}; ${audit.unannounced})`],
    ['in flight at kill (rows / calls at Slack)', `${d.inFlightRows} / ${d.unansweredAtKill}`],
    ['duplicated (re-sent in-flight rows / other)', `${d.duplicated} of ${r.slackCalls} calls (${d.ofInFlight} / ${d.others.length})`],
    ['duplicates within in-flight rows', d.others.length === 0 ? 'yes' : 'NO'],
    ['in-flight rows sent after', `${d.inFlightSent} of ${d.inFlightRows}`],
  ];
}

/** The worst account's takeover, then the largest of each part over the killed replica's accounts. */
function takeoverLines(r: FleetResult): string[] {
  const t = r.takeover;
  if (t === undefined) return [];
  const p = t.parts;
  const o = r.options;
  return [
    `takeover at ${r.options.accounts} accounts, the longest gap (instants from the kill):`,
    ...describeTakeover(t.worst).map((line) => `  ${line}`),
    `  largest over the ${r.killedHeld ?? '?'} accounts it held: storage lag ${s(p.storageLagMs)}, TTL wait ${s(p.ttlWaitMs)}, notice ${s(p.noticeMs)}, to the first run ${s(p.startMs)}`,
    // The kill's instant in the cycle is chance; dying just before a tick makes the part before the kill a whole cycle.
    `  a kill just before a tick: one cycle + these = ${s(o.cycleSeconds * 1000 + p.storageLagMs + p.ttlWaitMs + p.noticeMs + p.startMs)} (goal <= ${s((o.leaseTtlSeconds + o.cycleSeconds) * 1000)})`,
  ];
}

export function printFleetTable(results: readonly FleetResult[]): string {
  const columns = results.map(rows);
  const labels = columns[0]?.map(([label]) => label) ?? [];
  const width = Math.max(...labels.map((l) => l.length));
  const widths = columns.map((c) => Math.max(...c.map(([, v]) => v.length)));
  const lines = ['', 'fleet bench (figures, not assertions)'];
  labels.forEach((label, i) => {
    lines.push(`${label.padEnd(width)} | ${columns.map((c, j) => (c[i]?.[1] ?? '').padEnd(widths[j] ?? 0)).join(' | ')}`);
  });
  for (const r of results) lines.push(...takeoverLines(r));
  const notes = new Set(results.flatMap((r) => r.notes));
  for (const r of results) for (const other of r.duplicates.others.slice(0, 5)) notes.add(`${r.options.accounts} accounts: duplicate not in flight: ${other}`);
  const unavailable = results.find((r) => r.pgStatStatementsUnavailable !== undefined)?.pgStatStatementsUnavailable;
  if (unavailable !== undefined)
    notes.add(`pg_stat_statements: ${unavailable}; statements are counted on the wire (Query + Execute messages, BEGIN/COMMIT included)`);
  for (const note of notes) lines.push(`note: ${note}`);
  lines.push('');
  return lines.join('\n');
}
