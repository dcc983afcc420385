/**
 * `snowmon ack FINGERPRINT|GROUP_KEY [--comment TEXT] [--author NAME]`: records that someone has an
 * alert or a notification group in hand. A group's ack also stamps its notification-log entries, which
 * stops escalation; an alert's ack is recorded and shows in `snowmon alerts`. Escalation itself is the
 * daemon's.
 */

import { AckStore } from '../ledger/ack-store.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { NotificationLog } from '../ledger/notification-log.js';
import { notificationsByFingerprint } from './alert-notifications.js';
import { EXIT, UsageError, authorName, complain, parseCommandArgs, say, withStore } from './command-io.js';
import { describeAlertBrief } from './describe-alert-brief.js';

const USAGE = `usage: snowmon ack FINGERPRINT|GROUP_KEY [--comment TEXT] [--author NAME] [--config FILE]
  FINGERPRINT: an alert's id from \`snowmon alerts\`; GROUP_KEY: a notification group, as shown in messages
  (e.g. '{}/{alert_type="cost_monitor",threshold="90"}:{alert_type="cost_monitor", monitor="ACCOUNT_MONTHLY"}').
  Acknowledging a group stops its escalation.
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(argv, { comment: { type: 'string' }, author: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (parsed.values.help === true) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (parsed.positionals.length !== 1) throw new UsageError('ack takes one fingerprint or group key');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    complain(`${error.message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const target = (positionals[0] as string).trim();
  const by = authorName(values.author as string | undefined);
  const comment = (values.comment as string | undefined)?.trim();
  return withStore(values.config as string | undefined, async (db) => {
    const now = new Date();
    const acks = new AckStore(db);
    const alert = await new AlertLedger(db).get(target);
    if (alert) {
      await acks.acknowledge({ fingerprint: alert.fingerprint }, by, now, comment || undefined);
      say(`acknowledged alert ${describeAlertBrief(alert)} by ${by} at ${now.toISOString()}${alert.status === 'resolved' ? ' (it has already resolved)' : ''}`);
      const groups = [...new Set((await notificationsByFingerprint(db)).get(alert.fingerprint)?.map((n) => n.groupKey) ?? [])];
      if (groups.length > 0) {
        say(`its notification group${groups.length === 1 ? '' : 's'} (acknowledge one to stop its escalation):`);
        for (const key of groups) say(`  ${key}`);
      }
      return EXIT.ok;
    }
    const entries = await new NotificationLog(db).forGroup(target);
    if (entries.length > 0) {
      const pending = entries.filter((e) => e.acknowledgedAt === undefined).length;
      await acks.acknowledge({ groupKey: target }, by, now, comment || undefined);
      say(
        `acknowledged group ${target} by ${by} at ${now.toISOString()}: ` +
          (pending > 0
            ? `escalation stops for ${entries.length} receiver${entries.length === 1 ? '' : 's'} (${entries.map((e) => e.receiver).join(', ')})`
            : 'it was already acknowledged'),
      );
      return EXIT.ok;
    }
    complain(`no alert with fingerprint "${target}" and no notification group with that key in the store (snowmon alerts --all lists alerts)`);
    return EXIT.failed;
  });
}
