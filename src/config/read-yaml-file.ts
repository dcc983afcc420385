/**
 * The one way snowmon reads a YAML file (snowmon.yaml, routing.yaml): UTF-8 text only, YAML 1.2 core
 * schema with string keys and no custom tags, bounded in size, nesting and alias expansion, and every
 * problem turned into a `ConfigError` line with the file and line. Returns the plain value and its key
 * lines; validating that value is the caller's job.
 */

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, isAlias, isCollection, isPair, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { describeFsError } from './describe-fs-error.js';
import { ConfigError } from './errors.js';
import type { ConfigIssue } from './errors.js';
import { keyLines } from './key-lines.js';
import type { KeyLines } from './key-lines.js';
import { printable } from './printable.js';

/** The limits a config file stays within; far above any real snowmon.yaml or routing.yaml. */
export const YAML_LIMITS = {
  /** Characters in the file. */
  maxChars: 1_000_000,
  /** Nested mappings and lists. */
  maxDepth: 32,
  /** Values (scalars and collections) the document stands for once every alias is expanded. */
  maxNodes: 100_000,
  /** The `yaml` package's own alias budget (its `maxAliasCount`), a second guard behind `maxNodes`. */
  maxAliasCount: 100,
} as const;

/** Syntax errors listed before the rest are summed up in one line. */
const MAX_SYNTAX_ERRORS = 5;

/**
 * `{ port: ${PORT} }`: inside a flow mapping YAML reads the braces of an unquoted `${VAR}` as its own, so the
 * parser's errors (unexpected flow-map-start...) say nothing useful; the line gets one error saying what to do.
 */
const UNQUOTED_VARIABLE_IN_FLOW = /[{[][^'"]*?(?<!['"])\$\{/;
const FLOW_VARIABLE_HINT = "yaml syntax error: an unquoted ${VAR} inside { } or [ ]: quote it (port: '${HTTP_PORT}'), or write the mapping as indented lines";

export interface YamlFile {
  /** Absolute path of the file. */
  readonly absoluteFile: string;
  /** The parsed value: plain mappings, lists, strings, numbers, booleans and nulls. */
  readonly value: unknown;
  /** 1-based line of a key path. */
  readonly lineOf: KeyLines;
}

/** Reads and parses `path` (named as the user gave it, for messages); `kind` names it in a read error. */
export async function readYamlFile(path: string, kind: 'config' | 'routing'): Promise<YamlFile> {
  const absoluteFile = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(absoluteFile);
  } catch (error) {
    throw new ConfigError([{ code: 'SM100', file: path, message: `cannot read ${kind} file: ${describeFsError(error)}` }]);
  }
  const { value, lineOf } = parseYamlText(bytes, path);
  return { absoluteFile, value, lineOf };
}

/** Parses the bytes of a YAML file named `file`; throws a `ConfigError` for anything but a plain value. */
export function parseYamlText(bytes: Uint8Array, file: string): { readonly value: unknown; readonly lineOf: KeyLines } {
  const fail = (issue: Omit<ConfigIssue, 'file'>): never => {
    throw new ConfigError([{ ...issue, file }]);
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail({ code: 'SM101', message: 'yaml syntax error: the file is not UTF-8 text' });
  }
  if (text.length > YAML_LIMITS.maxChars) {
    return fail({ code: 'SM113', message: `the file has ${text.length} characters, more than the limit of ${YAML_LIMITS.maxChars}` });
  }
  const forbidden = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(text);
  if (forbidden) {
    const line = lineOfOffset(text, forbidden.index);
    return fail({ code: 'SM101', line, message: `yaml syntax error: control character ${printable(forbidden[0])} (yaml allows only printable text)` });
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    schema: 'core',
    resolveKnownTags: false,
    stringKeys: true,
    uniqueKeys: true,
  });
  const problems = [...document.errors, ...document.warnings].map((e): ConfigIssue => {
    const line = e.linePos?.[0]?.line;
    const at = line !== undefined ? { line } : {};
    if (e.code === 'RESOURCE_EXHAUSTION') return { code: 'SM113', file, ...at, message: 'nesting too deep to parse' };
    if (e.code === 'MULTIPLE_DOCS')
      return { code: 'SM101', file, ...at, message: 'yaml syntax error: a second document (after "---" or "..."); the file must hold one' };
    const duplicate = e.code === 'DUPLICATE_KEY' ? keyAt(text, e.pos[0]) : undefined;
    if (duplicate !== undefined)
      return {
        code: 'SM101',
        file,
        ...at,
        message: `yaml syntax error: duplicate key "${printable(duplicate)}" (a key appears once in a mapping: merge the two)`,
      };
    if (line !== undefined && UNQUOTED_VARIABLE_IN_FLOW.test(text.split('\n')[line - 1] ?? ''))
      return { code: 'SM101', file, line, message: FLOW_VARIABLE_HINT };
    return { code: 'SM101', file, ...at, message: `yaml syntax error: ${firstLine(e.message)}` };
  });
  // One line per problem: the parser can report one twice (a too-deep flow collection), and every token
  // after a stray line as its own error; the first few say where to look.
  // After an unquoted ${VAR} in a flow mapping, the parser's errors are its aftermath: the hint is the one to act on.
  const hinted = problems.find((p) => p.message === FLOW_VARIABLE_HINT)?.line ?? Infinity;
  const distinct = problems.filter((p, i) => (p.line ?? 0) <= hinted && problems.findIndex((q) => q.line === p.line && q.message === p.message) === i);
  if (distinct.length > MAX_SYNTAX_ERRORS) {
    const [last] = distinct.splice(MAX_SYNTAX_ERRORS - 1);
    distinct.push({
      code: 'SM101',
      file,
      ...(last?.line !== undefined ? { line: last.line } : {}),
      message: `yaml syntax error: ${problems.length - distinct.length} more from here on`,
    });
  }
  if (distinct.length > 0) throw new ConfigError(distinct);
  const shape = shapeIssues(document, lineCounter);
  if (shape.length > 0) throw new ConfigError(shape.map((issue) => ({ ...issue, file })));
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return fail({ code: 'SM113', message: `aliases expand too far (more than ${YAML_LIMITS.maxAliasCount} expansions): an alias bomb?` });
  }
  return { value, lineOf: keyLines(document, lineCounter) };
}

/**
 * Walks the document in order without recursion, counting what aliases expand to: nesting past
 * `maxDepth` (aliases included), more than `maxNodes` values once expanded, an alias to an anchor not
 * defined before it, and an alias inside the node its anchor names (a cycle) are each reported once.
 */
function shapeIssues(document: Document, lineCounter: LineCounter): Omit<ConfigIssue, 'file'>[] {
  const issues: Omit<ConfigIssue, 'file'>[] = [];
  const report = (code: ConfigIssue['code'], node: Node, message: string) => {
    if (issues.some((i) => i.message === message)) return;
    const offset = node.range?.[0];
    issues.push({ code, ...(offset === undefined ? {} : { line: lineCounter.linePos(offset).line }), message });
  };
  const anchors = new Map<string, Node>();
  /** Values each finished collection or anchored scalar stands for once its aliases are expanded, and its height. */
  const expandedSize = new Map<Node, number>();
  const height = new Map<Node, number>();
  /** The collections being walked, outermost first. */
  const open: { readonly node: Node; readonly start: number; tallest: number }[] = [];
  let expanded = 0;
  const counted = (node: Node, size: number, tall: number, depth: number) => {
    expanded += size;
    const parent = open[open.length - 1];
    if (parent) parent.tallest = Math.max(parent.tallest, tall);
    if (depth + tall > YAML_LIMITS.maxDepth) report('SM113', node, `nesting deeper than ${YAML_LIMITS.maxDepth} levels`);
    if (expanded > YAML_LIMITS.maxNodes) report('SM113', node, `aliases expand to more than ${YAML_LIMITS.maxNodes} values`);
  };
  type Step = { readonly node: unknown; readonly depth: number } | { readonly close: Node; readonly depth: number };
  const stack: Step[] = [{ node: document.contents, depth: 0 }];
  while (stack.length > 0 && issues.length === 0) {
    const step = stack.pop() as Step;
    if ('close' in step) {
      const frame = open.pop() as (typeof open)[number];
      expandedSize.set(step.close, expanded - frame.start);
      height.set(step.close, frame.tallest + 1);
      const parent = open[open.length - 1];
      if (parent) parent.tallest = Math.max(parent.tallest, frame.tallest + 1);
      continue;
    }
    const { node, depth } = step;
    if (isPair(node)) {
      stack.push({ node: node.value, depth }, { node: node.key, depth });
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        report('SM101', node, `yaml syntax error: undefined alias ${printable(`*${node.source}`)} (an anchor &${printable(node.source)} must come before it)`);
      } else if (open.some((o) => o.node === target)) {
        report('SM113', node, `alias ${printable(`*${node.source}`)} is inside the node its anchor names (a cycle)`);
      } else {
        counted(node, expandedSize.get(target) ?? 1, height.get(target) ?? 0, depth);
      }
      continue;
    }
    if (node === null || typeof node !== 'object' || !('range' in node)) continue;
    const anchored = (node as Node & { anchor?: string }).anchor;
    if (anchored) anchors.set(anchored, node as Node);
    if (!isCollection(node)) {
      counted(node as Node, 1, 0, depth);
      continue;
    }
    if (depth + 1 > YAML_LIMITS.maxDepth) {
      report('SM113', node, `nesting deeper than ${YAML_LIMITS.maxDepth} levels`);
      continue;
    }
    open.push({ node, start: expanded, tallest: 0 });
    expanded += 1;
    stack.push({ close: node, depth });
    for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], depth: depth + 1 });
  }
  return issues;
}

/** The key written at `offset` (plain, or quoted as YAML quotes it), or undefined when the text there is not `key:`. */
function keyAt(text: string, offset: number): string | undefined {
  const end = text.indexOf('\n', offset);
  const match = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s"'][^\n]*?))\s*:(?:\s|$)/.exec(text.slice(offset, end === -1 ? undefined : end));
  if (match === null) return undefined;
  return match[1] ?? match[2]?.replaceAll("''", "'") ?? match[3];
}

/**
 * `map keys must be unique` from the parser's multi-line `Map keys must be unique at line 2, column 1:`.
 * The source text some messages end with (`Not a YAML token: xoxb-...`, `... in YAML stream: "'...'"`) is
 * left out: it can be a secret written where the syntax broke, and the line already points at it.
 */
function firstLine(message: string): string {
  const first = (message.split('\n')[0] ?? message)
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/^(.* token in YAML stream): ".*"$/, '$1')
    .replace(/^(Not a YAML token|Block scalar header includes extra characters): .*$/, '$1');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
