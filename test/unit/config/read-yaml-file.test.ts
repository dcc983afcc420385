import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { loadRouting } from '../../../src/router/load-routing.js';

const dir = 'test/fixtures/config';

async function linesOf(load: Promise<unknown>): Promise<string[]> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message.split('\n');
}

/** Files the parser refuses, and the exact line each gives; routing.yaml goes through the same reader. */
const CASES: readonly (readonly [string, string])[] = [
  ['alias-bomb.yaml', ':7: aliases expand to more than 100000 values (SM113)'],
  ['wide-alias-bomb.yaml', ':3: aliases expand to more than 100000 values (SM113)'],
  ['deep-through-aliases.yaml', ':4: nesting deeper than 32 levels (SM113)'],
  ['undefined-alias.yaml', ':3: yaml syntax error: undefined alias *admin_role (an anchor &admin_role must come before it) (SM101)'],
  ['self-alias.yaml', ':2: alias *checks is inside the node its anchor names (a cycle) (SM113)'],
  ['deep-nesting.yaml', ':33: nesting deeper than 32 levels (SM113)'],
  ['deep-flow-nesting.yaml', ':1: nesting too deep to parse (SM113)'],
  ['control-character.yaml', ':2: yaml syntax error: control character \\u0000 (yaml allows only printable text) (SM101)'],
  ['not-utf8.yaml', ': yaml syntax error: the file is not UTF-8 text (SM101)'],
  ['unknown-tag.yaml', ':2: yaml syntax error: unresolved tag: !Ref (SM101)'],
  ['duplicate-key.yaml', ':5: yaml syntax error: duplicate key "budgets" (a key appears once in a mapping: merge the two) (SM101)'],
  ['duplicate-quoted-key.yaml', ':2: yaml syntax error: duplicate key "usd_per_credit" (a key appears once in a mapping: merge the two) (SM101)'],
  [
    'unquoted-variable-in-flow.yaml',
    ":2: yaml syntax error: an unquoted ${VAR} inside { } or [ ]: quote it (port: '${HTTP_PORT}'), or write the mapping as indented lines (SM101)",
  ],
];

describe('reading a YAML file (snowmon.yaml and routing.yaml alike)', () => {
  for (const [fixture, expected] of CASES) {
    it(`does refuse ${fixture} with one line naming file and line`, async () => {
      expect(await linesOf(loadConfig(`${dir}/${fixture}`, {}))).toEqual([`${dir}/${fixture}${expected}`]);
      expect(await linesOf(loadRouting(`${dir}/${fixture}`, {}))).toEqual([`${dir}/${fixture}${expected}`]);
    });
  }

  it('does leave out the source text the parser quotes, where a secret may sit, and sum up a flood of errors', async () => {
    const stray = 'test/fixtures/routing/secret-after-stray-text.yaml';
    expect(await linesOf(loadRouting(stray, {}))).toEqual([
      `${stray}:4: yaml syntax error: unexpected scalar token in YAML stream (SM101)`,
      `${stray}:4: yaml syntax error: unexpected map-value-ind token in YAML stream (SM101)`,
      `${stray}:5: yaml syntax error: unexpected scalar token in YAML stream (SM101)`,
      `${stray}:5: yaml syntax error: unexpected map-value-ind token in YAML stream (SM101)`,
      `${stray}:6: yaml syntax error: 12 more from here on (SM101)`,
    ]);
    const broken = 'test/fixtures/routing/secret-in-broken-yaml.yaml';
    expect(await linesOf(loadRouting(broken, {}))).toEqual([
      `${broken}:5: yaml syntax error: block scalar header includes extra characters (SM101)`,
      `${broken}:5: yaml syntax error: not a YAML token (SM101)`,
    ]);
    const twice = 'test/fixtures/routing/two-documents.yaml';
    expect(await linesOf(loadRouting(twice, {}))).toEqual([
      `${twice}:3: yaml syntax error: a second document (after "---" or "..."); the file must hold one (SM101)`,
    ]);
  });

  it('does refuse a file over a million characters without parsing it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'snowmon-yaml-')), 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(1_000_000)}\n`);
    expect(await linesOf(loadConfig(file, {}))).toEqual([`${file}: the file has 1000003 characters, more than the limit of 1000000 (SM113)`]);
  });

  it('does cut a long value to 80 characters with its length and escape what a terminal would not show', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'snowmon-yaml-')), 'long.yaml');
    writeFileSync(file, `snowflake:\n  statement_timeout: "${'9'.repeat(200_000)}"\n  login_timeout: "\\u202e1s\\x07\\n"\n  ${'k'.repeat(300)}: 1\n`);
    const lines = await linesOf(loadConfig(file, {}));
    expect(lines).toEqual([
      `${file}:2: snowflake.statement_timeout: invalid duration "${'9'.repeat(80)}…" (200000 chars) (SM104)`,
      `${file}:3: snowflake.login_timeout: invalid duration "\\u202e1s\\u0007\\n" (SM104)`,
      `${file}:4: snowflake.${'k'.repeat(150)}… (310 chars): unknown key (SM102)`,
    ]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(file.length + 250);
  });

  it('does accept anchors and aliases used within the limits', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'snowmon-yaml-')), 'anchors.yaml');
    writeFileSync(file, 'checks:\n  top_queries: &on { enabled: true }\n  self_cost: *on\n');
    const config = await loadConfig(file, {});
    expect(config.checks.self_cost.enabled).toBe(true);
  });
});
