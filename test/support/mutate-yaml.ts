/**
 * Deterministic mutations of a YAML config file for fuzz tests: a seeded PRNG picks edits that break
 * syntax (deleted, swapped, re-indented or truncated lines, stray characters, bytes that are not UTF-8)
 * or meaning (wrong types, huge and binary values, alias bombs, deep nesting, odd keys, secrets written
 * where they must not be). Test helper; it checks nothing itself.
 */

import { SeededRandom } from '../../src/emulator/scenarios/random.js';

/** The secret every mutation that writes one uses; no output may ever contain it. */
export const CANARY = 'canary-fuzz-secret';

const ALIAS_BOMB =
  '&a [x, x, x, x, x, x, x, x, x]\nbomb_b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nbomb_c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nbomb_d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]';

/** Values a mutation puts where a scalar was. */
const VALUES: readonly (() => string)[] = [
  () => `"${'x'.repeat(200_000)}"`,
  () => `"\\x00\\x07\\u202e\\u200b\\x1b[31m"`,
  () => '['.repeat(60) + ']'.repeat(60),
  () => '['.repeat(3000) + ']'.repeat(3000),
  () => ALIAS_BOMB,
  () => '*undefined_anchor',
  () => '&self [*self]',
  () => '!!binary aGVsbG8=',
  () => '!Ref Something',
  () => '!!timestamp 2026-01-01',
  () => '1e400',
  () => '-1',
  () => '.nan',
  () => '0x7fffffffffffffffffff',
  () => '~',
  () => 'true',
  () => '[]',
  () => '{}',
  () => '[a, [b, {c: d}]]',
  () => '{a: 1, b: [2]}',
  () => '""',
  () => '"${SNOWMON_FUZZ_UNSET}"',
  () => '"${SNOWMON_FUZZ_UNSET:-}"',
  () => '"${"',
  () => '__proto__',
  () => 'constructor',
  () => '"😀 ünïcödé"',
  () => '|\n  multi\n  line',
  () => "'unterminated",
  () => '"a\\qb"',
];

/** Keys a mutation puts where a key was. */
const KEYS: readonly (() => string)[] = [
  () => '__proto__',
  () => 'constructor',
  () => 'toString',
  () => 'k'.repeat(900),
  () => '"\\u0007key\\u202e"',
  () => '<<',
  () => '? [a, b]\n',
  () => '1',
  () => 'null',
  () => '"a.b"',
];

/** A secret's key and value, in block or flow style: a literal written there must be refused, never echoed. */
const SECRET_PAIR = /\b(password|token|routing_key|private_key_passphrase|heartbeat_url|url):[ \t]*('[^'\n]*'|"[^"\n]*"|[^,}\s]*)/;
const SECRET_VALUES: readonly string[] = [
  CANARY,
  `postgres://snowmon:${CANARY}@db/snowmon`,
  `postgres://snowmon:${CANARY}/x@db/snowmon`,
  `postgres//snowmon:${CANARY}@db/snowmon`,
  `postgres:/snowmon:${CANARY}@db/snowmon`,
  `https://hooks.slack.com/services/T0/B0/${CANARY}`,
];

type Mutation = (text: string, random: () => number) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

function lines(edit: (lines: string[], random: () => number) => void): Mutation {
  return (t, random) => {
    const list = t.split('\n');
    edit(list, random);
    return list.join('\n');
  };
}

/** Indexes of lines that hold a `key: value` pair (comments and blank lines skipped). */
function pairLines(list: readonly string[]): number[] {
  return list.flatMap((line, i) => (/^\s*-?\s*[^#\s][^:#]*:\s*\S/.test(line) && !line.trim().startsWith('#') ? [i] : []));
}

const MUTATIONS: readonly Mutation[] = [
  lines((l, r) => {
    l.splice(Math.floor(r() * l.length), 1);
  }),
  lines((l, r) => {
    const i = Math.floor(r() * l.length);
    l.splice(i, 0, l[i] ?? '');
  }),
  lines((l, r) => {
    const i = Math.floor(r() * (l.length - 1));
    [l[i], l[i + 1]] = [l[i + 1] ?? '', l[i] ?? ''];
  }),
  lines((l, r) => {
    const i = Math.floor(r() * l.length);
    l[i] = pick(['  ', ' ', '\t', ''], r) + (l[i] ?? '').replace(/^ {0,2}/, r() < 0.5 ? '' : '    ');
  }),
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return (
      t.slice(0, at) +
      pick([':', '-', '[', '{', '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', '\t', '\n', '\0', '\x07', '\u202e', '\ufeff', '#'], r) +
      t.slice(at)
    );
  },
  lines((l, r) => {
    const candidates = pairLines(l);
    const i = pick(candidates, r);
    l[i] = (l[i] ?? '').replace(/:\s*.*$/, `: ${pick(VALUES, r)()}`);
  }),
  lines((l, r) => {
    const candidates = pairLines(l);
    const i = pick(candidates, r);
    l[i] = (l[i] ?? '').replace(/^(\s*-?\s*)[^:]+:/, (_m, lead: string) => `${lead}${pick(KEYS, r)()}:`);
  }),
  lines((l, r) => {
    const candidates = pairLines(l);
    const i = pick(candidates, r);
    l[i] = (l[i] ?? '').replace(/^(\s*-?\s*)([^:]+):/, (_m, lead: string, key: string) => `${lead}${key.length > 1 ? key.slice(0, -1) : `${key}x`}:`);
  }),
  lines((l, r) => {
    const secrets = l.flatMap((line, i) => (SECRET_PAIR.test(line) ? [i] : []));
    if (secrets.length === 0) return;
    const i = pick(secrets, r);
    l[i] = (l[i] ?? '').replace(SECRET_PAIR, `$1: '${pick(SECRET_VALUES, r)}'`);
  }),
  lines((l, r) => {
    const urls = l.flatMap((line, i) => (/\burl:/.test(line) ? [i] : []));
    if (urls.length === 0) return;
    const i = pick(urls, r);
    l[i] = (l[i] ?? '').replace(SECRET_PAIR, "$1: '${DATABASE_URL}'");
  }),
  lines((l, r) => {
    const i = Math.floor(r() * l.length);
    l.splice(i, 0, ...l.slice(i, i + 1 + Math.floor(r() * 6)));
  }),
];

/** The `count` mutants of `text` for `seed`: each applies one to three mutations. Text, or bytes that are not UTF-8. */
export function mutants(text: string, seed: number, count: number): (string | Uint8Array)[] {
  const generator = new SeededRandom(seed);
  const random = () => generator.next();
  const out: (string | Uint8Array)[] = [];
  for (let n = 0; n < count; n++) {
    let mutated = text;
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) mutated = pick(MUTATIONS, random)(mutated, random);
    if (random() < 0.03) {
      const bytes = Buffer.from(mutated, 'utf8');
      const at = Math.floor(random() * bytes.length);
      out.push(Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at)]));
    } else {
      out.push(mutated);
    }
  }
  return out;
}
