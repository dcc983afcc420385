/**
 * `snowmon silence add|list|expire`: runtime silences kept in the store (reference/routing.md §7.1:
 * data, not config). `add` validates Alertmanager matchers and a time span, `list` shows each silence
 * with the active alerts it mutes now, `expire` ends one. Whether a silence mutes a notification is
 * decided at flush by the router, not here.
 */

import type { Kysely } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import { parseDuration } from '../config/parse-duration.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import { SilenceStore } from '../ledger/silence-store.js';
import type { Silence } from '../ledger/silence-store.js';
import { matches, parseMatcherTexts } from '../router/matchers.js';
import { EXIT, UsageError, authorName, complain, parseCommandArgs as parse, say, withStore } from './command-io.js';
import { describeAlertBrief } from './describe-alert-brief.js';
import { parseInstant } from './parse-instant.js';
import { parseSilenceMatchers } from '../router/silence-matchers.js';

const USAGE = `usage: snowmon silence add MATCHER... [--for 2h | --until ISO] [--comment TEXT] [--author NAME] [--expire-on-resolve]
       snowmon silence list [--all]
       snowmon silence expire ID
  MATCHER: Alertmanager syntax, all must match: alert_type="cost_monitor" monitor=~"WH_.*" threshold!="75"
  --for defaults to 1h; --until is ISO 8601 with a zone. Every subcommand takes --config FILE.
`;

const DEFAULT_SPAN_MS = 3_600_000;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? process.stderr : process.stdout).write(USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    if (sub === 'add') return await add(rest);
    if (sub === 'list') return await list(rest);
    if (sub === 'expire') return await expire(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      complain(`${error.message}\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
  complain(`unknown silence subcommand "${sub}"\n${USAGE}`);
  return EXIT.usage;
}

async function add(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    for: { type: 'string' },
    until: { type: 'string' },
    comment: { type: 'string' },
    author: { type: 'string' },
    'expire-on-resolve': { type: 'boolean' },
  });
  const parsed = parseSilenceMatchers(positionals);
  if (!parsed.ok) {
    complain(parsed.errors.join('\n'));
    return EXIT.usage;
  }
  const now = new Date();
  let endsAt: Date;
  if (values.for !== undefined && values.until !== undefined) throw new UsageError('give --for or --until, not both');
  if (values.until !== undefined) {
    const until = parseInstant('--until', values.until as string);
    if (typeof until === 'string') throw new UsageError(until);
    if (until.getTime() <= now.getTime()) throw new UsageError(`--until ${until.toISOString()} is in the past`);
    endsAt = until;
  } else {
    const span = values.for === undefined ? DEFAULT_SPAN_MS : parseDuration(values.for as string);
    if (span === undefined || span <= 0) throw new UsageError(`--for: invalid duration "${values.for as string}" (e.g. 30m, 2h, 1d)`);
    endsAt = new Date(now.getTime() + span);
  }
  return withStore(values.config as string | undefined, async (db) => {
    const store = new SilenceStore(db);
    const id = await store.add(
      {
        matchers: parsed.texts,
        startsAt: now,
        endsAt,
        createdBy: authorName(values.author as string | undefined),
        comment: ((values.comment as string | undefined) ?? '').trim(),
        expireOnResolve: values['expire-on-resolve'] === true,
      },
      now,
    );
    const muted = (await new AlertLedger(db).active()).filter((a) => matches(parsed.matchers, a.labels));
    say(`silence ${id} added: {${parsed.texts.join(',')}} until ${endsAt.toISOString()}`);
    say(mutesLine(muted));
    return EXIT.ok;
  });
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { all: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] as string}"`);
  return withStore(values.config as string | undefined, async (db) => {
    const now = new Date();
    const silences = (await new SilenceStore(db).list()).filter((s) => values.all === true || s.endsAt.getTime() > now.getTime());
    if (silences.length === 0) {
      say(values.all === true ? 'no silences' : 'no active or pending silences (--all shows expired ones)');
      return EXIT.ok;
    }
    const active = await new AlertLedger(db).active();
    for (const silence of silences) say(describeSilence(silence, active, now));
    return EXIT.ok;
  });
}

async function expire(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('silence expire takes one silence id');
  const wanted = positionals[0] as string;
  return withStore(values.config as string | undefined, async (db) => {
    const store = new SilenceStore(db);
    const found = await findSilence(db, wanted);
    if (typeof found === 'string') {
      complain(found);
      return EXIT.failed;
    }
    const now = new Date();
    if (!(await store.expire(found.id, now))) {
      say(`silence ${found.id} had already ended at ${found.endsAt.toISOString()}`);
      return EXIT.ok;
    }
    say(`silence ${found.id} expired at ${now.toISOString()}`);
    return EXIT.ok;
  });
}

/** A silence by full id or a unique prefix of at least 8 characters; an error message otherwise. */
async function findSilence(db: Kysely<Database>, wanted: string): Promise<Silence | string> {
  const store = new SilenceStore(db);
  const exact = await store.get(wanted);
  if (exact) return exact;
  const candidates = wanted.length >= 8 ? (await store.list()).filter((s) => s.id.startsWith(wanted)) : [];
  if (candidates.length === 1) return candidates[0] as Silence;
  if (candidates.length > 1) return `silence id prefix "${wanted}" is ambiguous (${candidates.length} silences): give more of it`;
  return `no silence with id "${wanted}" (snowmon silence list --all shows them)`;
}

function describeSilence(silence: Silence, active: readonly Alert[], now: Date): string {
  const state = silence.endsAt.getTime() <= now.getTime() ? 'expired' : silence.startsAt.getTime() > now.getTime() ? 'pending' : 'active';
  const lines = [`${silence.id}  ${state}  {${silence.matchers.join(',')}}`];
  const extras = [
    `by ${silence.createdBy}`,
    ...(silence.comment !== '' ? [`comment ${JSON.stringify(silence.comment)}`] : []),
    ...(silence.expireOnResolve ? ['expires when its alerts resolve'] : []),
  ];
  lines.push(`  ${silence.startsAt.toISOString()} → ${silence.endsAt.toISOString()}; ${extras.join('; ')}`);
  if (state === 'active') {
    // As the daemon reads it: a matcher text that no longer parses mutes nothing.
    const matchers = parseMatcherTexts(silence.matchers);
    lines.push(`  ${mutesLine(matchers === undefined ? [] : active.filter((a) => matches(matchers, a.labels)))}`);
  }
  return lines.join('\n');
}

function mutesLine(muted: readonly Alert[]): string {
  if (muted.length === 0) return 'mutes no active alert now';
  const head = `mutes ${muted.length} active alert${muted.length === 1 ? '' : 's'} now: `;
  return head + muted.map(describeAlertBrief).join(', ');
}
