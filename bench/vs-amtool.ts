/**
 * snowmon's router against Alertmanager's own `amtool config routes test`: one Alertmanager `route:` tree
 * (regexes, escaped and braced matcher strings, `continue` at two depths, match/match_re, inherited
 * receivers, no catch-all) pasted as-is into both configs, and a few hundred seeded label sets asked of
 * both. Prints the sets tested, the agreements and every disagreement. Prints figures; asserts nothing.
 * Run with `npm run bench:vs-amtool` (`SETS=n`, `SEED=n` to change the sample).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Labels } from '../src/alerts/alert.js';
import { SeededRandom } from '../src/emulator/scenarios/random.js';
import { loadRoutingOffline } from '../src/router/load-routing.js';
import { formatMatcher, parseLabelSet } from '../src/router/matchers.js';
import { matchRoutes } from '../src/router/route-tree.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

/** The Alertmanager routing tree both sides read, as YAML text (single-quoted: backslashes are literal). */
const ROUTE_BLOCK = String.raw`route:
  receiver: fallback
  group_by: [alertname]
  routes:
    - receiver: audit
      matchers: ['owner=~"(?i)team-.*"', 'audit!="off"']
      continue: true
    - receiver: audit
      matchers: ['owner="team-a"']
      continue: true
    - receiver: db
      match_re: { service: 'db|database|pg[[:digit:]]+' }
      routes:
        - matchers: ['severity="critical"']
          receiver: db-pager
          continue: true
        - matchers: ['{severity=~"critical|warning", env!~"stag.*|dev"}']
          receiver: db-oncall
        - matchers: ['instance=~"[[:digit:]]+\\.[[:digit:]]+"']
          group_by: [instance]
    - matchers: ['summary=~"disk\\s+full.*"']
      receiver: storage
    - matchers: ['path="C:\\\\temp", note="say \"hi\""']
      receiver: escapes
    - matchers: ['msg=~"a.b"', 'msg!~"a\\sb"']
      receiver: dots
    - matchers: ['label="{x}"', 'team=~"(?i)ops|sre"']
      receiver: braces
    - matchers: ['list="a,b"', 'code=~"5[[:digit:]]{2}"']
      receiver: lists
    - match: { team: frontend }
      match_re: { severity: 'warn.*|info' }
      receiver: frontend
      routes:
        - matchers: ['page!~"(?i)no|false"']
          receiver: fe-page
          continue: true
          routes:
            - matchers: ['region=~"eu-.*"']
              receiver: fe-eu
              continue: true
            - matchers: ['region=~"eu-west-[[:digit:]]"']
              receiver: fe-euwest
        - matchers: ['region!=""']
        - matchers: ['body=~"(?s)start.*end"']
          receiver: bodies
    - matchers: ['team=~"(?i)frontend"', 'severity!~".*\\s.*"']
      receiver: frontend-loose
    - matchers: ['word=~"(?i)kelvin|stra(ß|ss)e"']
      receiver: words
    - matchers: [ws=~x\sy]
      receiver: spaces
    - matchers: ['{uni=~"\\pL+", tier=~gold|silver}']
      receiver: letters
    - matchers: ['{ tail =~ "[^[:space:]]+\\z" , }']
      receiver: tails
`;

const RECEIVERS = [
  'fallback',
  'audit',
  'db',
  'db-pager',
  'db-oncall',
  'storage',
  'escapes',
  'dots',
  'braces',
  'lists',
  'frontend',
  'fe-page',
  'fe-eu',
  'fe-euwest',
  'bodies',
  'frontend-loose',
  'words',
  'spaces',
  'letters',
  'tails',
];

/** Values per label, tricky ones included (newlines, tabs, U+2028, quotes, braces, case, non-ASCII digits). */
const POOLS: Readonly<Record<string, readonly string[]>> = {
  owner: ['team-a', 'Team-B', 'TEAM-', 'team', 'ops', 'team-a\nx'],
  audit: ['off', 'on', 'OFF', ''],
  service: ['db', 'database', 'pg12', 'db', 'pg7', 'pg', 'pgx1', 'DB', 'db ', 'files'],
  severity: ['critical', 'critical', 'warning', 'warning', 'warn', 'info', 'Critical', 'page me', 'warn\n'],
  env: ['prod', 'staging', 'stag', 'dev', 'dev2', '', 'Staging'],
  instance: ['1.2', '10.20', '1x2', '1.', '١.٢', '1.2.3'],
  summary: ['disk full', 'disk\tfull now', 'disk\nfull', 'disk  full', 'DISK full', 'diskfull', 'disk full\n'],
  path: ['C:\\temp', 'C:\\\\temp', 'C:/temp', 'c:\\temp'],
  note: ['say "hi"', 'say hi', 'say \\"hi\\"'],
  msg: ['a.b', 'axb', 'a b', 'a\nb', 'a\rb', 'a\u2028b', 'a\tb', 'ab'],
  label: ['{x}', 'x', '{x', '{ x }'],
  team: ['frontend', 'frontend', 'ops', 'SRE', 'Ops', 'frontend', 'Frontend', 'FRONTEND', 'backend', 'sre-1'],
  list: ['a,b', 'a', 'a, b'],
  code: ['500', '5xx', '50', '5000', '503'],
  page: ['yes', 'no', 'NO', 'False', 'nope', ''],
  region: ['eu-west-1', 'eu-west-12', 'eu-central-1', 'us-east-1', '', 'EU-west-1'],
  body: ['start end', 'start\nmiddle\nend', 'startend', 'start\n', 'end start'],
  alertname: ['HighCost', 'x'],
  word: ['kelvin', 'KELVIN', '\u212Aelvin', 'STRASSE', 'straße', 'STRAẞE', 'ſtraße', 'kelvinx'],
  ws: ['x y', 'x\vy', 'x\u0085y', 'x\u00a0y', 'x\fy', 'x\ry', 'xy'],
  uni: ['é', 'abc', 'a1', 'ǅ', '日本', ''],
  tier: ['gold', 'silver', 'bronze', 'gold|silver'],
  tail: ['abc', 'a b', 'abc\n', '', 'a\u00a0b'],
};

/** Labels that make the tree's branches likely; each set draws a themed core plus random extras. */
const THEMES: readonly (readonly string[])[] = [
  ['service', 'severity', 'env', 'instance'],
  ['service', 'severity', 'env', 'instance', 'owner'],
  ['team', 'severity', 'page', 'region', 'body'],
  ['team', 'severity', 'page', 'region', 'body'],
  ['summary', 'owner', 'audit'],
  ['path', 'note'],
  ['msg'],
  ['label', 'team'],
  ['list', 'code'],
  ['word'],
  ['ws'],
  ['uni', 'tier'],
  ['tail'],
];

function labelSets(count: number, seed: number): Labels[] {
  const random = new SeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const names = Object.keys(POOLS);
  const sets: Labels[] = [];
  for (let i = 0; i < count; i++) {
    const chosen = new Set(pick(THEMES).filter(() => random.chance(0.8)));
    for (const name of names) if (random.chance(0.04)) chosen.add(name);
    if (chosen.size === 0) chosen.add(pick(names));
    sets.push(Object.fromEntries([...chosen].map((name) => [name, pick(POOLS[name] ?? [''])])));
  }
  return sets;
}

/** `name="value"` with Alertmanager's escapes, as amtool reads a label argument. */
const labelArg = (name: string, value: string) => formatMatcher({ name, type: '=', value });

function amtoolReceivers(amtool: string, configFile: string, args: readonly string[]): string {
  const run = spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${configFile}`, ...args], { encoding: 'utf8' });
  if (run.status !== 0) return `(amtool exit ${String(run.status)}: ${run.stderr.replace(/^Warning: .*\n/gm, '').trim()})`;
  return run.stdout.trim();
}

/** What route-test answers: the label arguments read by its parser, then matchRoutes, comma-joined. */
function snowmonReceivers(routing: Parameters<typeof matchRoutes>[0], args: readonly string[]): string {
  const parsed = parseLabelSet(args);
  if (!parsed.ok) return `(${parsed.message})`;
  return matchRoutes(routing, parsed.labels)
    .map((m) => m.receiver)
    .join(',');
}

async function main(): Promise<void> {
  const found = spawnSync('sh', ['-c', 'command -v amtool'], { encoding: 'utf8' });
  const amtool = found.stdout.trim();
  if (found.status !== 0 || amtool === '') {
    out('vs-amtool: not run: amtool not found. Install it with: apt-get install -y prometheus-alertmanager');
    return;
  }
  const version = spawnSync(amtool, ['--version'], { encoding: 'utf8' });
  const count = Number(process.env.SETS ?? 300);
  const seed = Number(process.env.SEED ?? 20261204);
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-vs-amtool-'));
  try {
    const amFile = join(dir, 'alertmanager.yml');
    writeFileSync(amFile, `${ROUTE_BLOCK}receivers:\n${RECEIVERS.map((r) => `  - name: ${r}\n`).join('')}`);
    const check = spawnSync(amtool, ['check-config', amFile], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`amtool check-config refused the config:\n${check.stdout}${check.stderr}`);
    const routingFile = join(dir, 'routing.yaml');
    writeFileSync(routingFile, `version: 1\nreceivers:\n${RECEIVERS.map((r) => `  ${r}: { type: console }\n`).join('')}${ROUTE_BLOCK}`);
    const { routing } = await loadRoutingOffline(routingFile, {});

    out(`snowmon route-test vs ${(version.stdout.split('\n')[0] ?? '').trim()}: ${count} label sets, seed ${seed}`);
    const started = Date.now();
    const tally = new Map<string, number>();
    const disagreements: string[] = [];
    for (const labels of labelSets(count, seed)) {
      const args = Object.entries(labels).map(([name, value]) => labelArg(name, value));
      const theirs = amtoolReceivers(amtool, amFile, args);
      const ours = snowmonReceivers(routing, args);
      tally.set(theirs, (tally.get(theirs) ?? 0) + 1);
      if (theirs !== ours) disagreements.push(`  ${args.join(' ')}\n    amtool:  ${theirs}\n    snowmon: ${ours}`);
    }
    out(
      `label sets tested: ${count}; agreements: ${count - disagreements.length}; disagreements: ${disagreements.length} (${((Date.now() - started) / count).toFixed(0)} ms per set, mostly amtool)`,
    );
    out(`distinct answers from amtool: ${tally.size}`);
    for (const [answer, n] of [...tally].sort((a, b) => b[1] - a[1])) out(`  ${String(n).padStart(4)}  ${answer || '(none)'}`);
    if (disagreements.length > 0) {
      out('disagreements:');
      for (const d of disagreements) out(d);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
