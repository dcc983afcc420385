/**
 * Recognises the statements the emulator answers itself instead of DuckDB: ALTER SESSION SET/UNSET,
 * USE, SHOW WAREHOUSES / RESOURCE MONITORS, and other SHOW/DESCRIBE forms it refuses. Pure parsing; the
 * effects are applied by run-statement.ts.
 */

import { isOp, isWord, tokenize } from './dialect-tokens.js';
import type { Token } from './dialect-tokens.js';

export type SessionParameterValue = string | number | boolean;

export type EmulatorCommand =
  | { readonly kind: 'alter_session_set'; readonly values: readonly (readonly [string, SessionParameterValue])[] }
  | { readonly kind: 'alter_session_unset'; readonly names: readonly string[] }
  | { readonly kind: 'use'; readonly object: 'WAREHOUSE' | 'ROLE' | 'DATABASE' | 'SCHEMA'; readonly name: string }
  | { readonly kind: 'show'; readonly object: 'WAREHOUSES' | 'RESOURCE MONITORS'; readonly like?: string }
  | { readonly kind: 'unsupported'; readonly statementKind: 'show' | 'alter_session' | 'use' | 'other'; readonly message: string };

/** An identifier as Snowflake resolves it: unquoted → upper case, quoted → as written. */
function identifier(token: Token | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (token.kind === 'quoted') return token.value;
  if (token.kind === 'word') return token.text.toUpperCase();
  return undefined;
}

function parameterValue(tokens: readonly Token[]): SessionParameterValue | undefined {
  const [first, second] = tokens;
  if (first === undefined) return undefined;
  if (first.kind === 'string') return tokens.length === 1 ? first.value : undefined;
  if (first.kind === 'number') return tokens.length === 1 ? Number(first.text) : undefined;
  if (isOp(first, '-') && second?.kind === 'number' && tokens.length === 2) return -Number(second.text);
  if (first.kind === 'word' && tokens.length === 1) {
    const upper = first.text.toUpperCase();
    if (upper === 'TRUE') return true;
    if (upper === 'FALSE') return false;
    return upper;
  }
  return undefined;
}

/** The command a statement is, or null when it is ordinary SQL for DuckDB. */
export function parseEmulatorCommand(sql: string): EmulatorCommand | null {
  let all: Token[];
  try {
    all = tokenize(sql);
  } catch {
    return null;
  }
  const tokens = all.filter((t) => t.kind !== 'ws' && t.kind !== 'comment');
  while (isOp(tokens[tokens.length - 1], ';')) tokens.pop();
  const [a, b, c] = tokens;
  if (isWord(a, 'ALTER') && isWord(b, 'SESSION')) return parseAlterSession(tokens.slice(2));
  if (isWord(a, 'USE')) {
    const kinds = ['WAREHOUSE', 'ROLE', 'DATABASE', 'SCHEMA'] as const;
    const kind = kinds.find((k) => isWord(b, k));
    const nameTokens = kind ? tokens.slice(2) : tokens.slice(1);
    if (isWord(b, 'SECONDARY')) return { kind: 'unsupported', statementKind: 'use', message: 'USE SECONDARY ROLES is not supported by the emulator' };
    const name = nameTokens.map((t) => identifier(t) ?? (isOp(t, '.') ? '.' : '?')).join('');
    if (nameTokens.length === 0 || name.includes('?')) {
      return { kind: 'unsupported', statementKind: 'use', message: `syntax error: unexpected USE statement` };
    }
    return { kind: 'use', object: kind ?? 'DATABASE', name };
  }
  if (isWord(a, 'SHOW') || isWord(a, 'DESCRIBE') || isWord(a, 'DESC')) {
    let object: 'WAREHOUSES' | 'RESOURCE MONITORS' | undefined;
    let rest: Token[] = [];
    if (isWord(a, 'SHOW') && isWord(b, 'WAREHOUSES')) {
      object = 'WAREHOUSES';
      rest = tokens.slice(2);
    }
    if (isWord(a, 'SHOW') && isWord(b, 'RESOURCE') && isWord(c, 'MONITORS')) {
      object = 'RESOURCE MONITORS';
      rest = tokens.slice(3);
    }
    if (object === undefined) {
      const what = tokens
        .slice(0, 3)
        .map((t) => t.text.toUpperCase())
        .join(' ');
      return { kind: 'unsupported', statementKind: 'show', message: `${what} is not supported by the emulator` };
    }
    if (rest.length === 0) return { kind: 'show', object };
    if (
      isWord(rest[0], 'LIKE') &&
      rest[1]?.kind === 'string' &&
      (rest.length === 2 || (rest.length === 4 && isWord(rest[2], 'IN') && isWord(rest[3], 'ACCOUNT')))
    ) {
      return { kind: 'show', object, like: rest[1].value as string };
    }
    if (rest.length === 2 && isWord(rest[0], 'IN') && isWord(rest[1], 'ACCOUNT')) return { kind: 'show', object };
    return { kind: 'unsupported', statementKind: 'show', message: `SHOW ${object} with these clauses is not supported by the emulator` };
  }
  return null;
}

function parseAlterSession(tokens: readonly Token[]): EmulatorCommand {
  const bad = (message: string): EmulatorCommand => ({ kind: 'unsupported', statementKind: 'alter_session', message });
  if (isWord(tokens[0], 'UNSET')) {
    const names = tokens
      .slice(1)
      .filter((t) => !isOp(t, ','))
      .map((t) => identifier(t));
    if (names.length === 0 || names.some((n) => n === undefined)) return bad('syntax error in ALTER SESSION UNSET');
    return { kind: 'alter_session_unset', names: names as string[] };
  }
  if (!isWord(tokens[0], 'SET')) return bad('only ALTER SESSION SET and UNSET are supported');
  const values: (readonly [string, SessionParameterValue])[] = [];
  let i = 1;
  while (i < tokens.length) {
    const name = identifier(tokens[i]);
    if (name === undefined || !isOp(tokens[i + 1], '=')) return bad('syntax error in ALTER SESSION SET');
    let j = i + 2;
    while (j < tokens.length && !(isOp(tokens[j + 1], '=') && tokens[j]?.kind === 'word') && !isOp(tokens[j], ',')) j++;
    const value = parameterValue(tokens.slice(i + 2, j));
    if (value === undefined) return bad(`invalid value for session parameter ${name}`);
    values.push([name, value]);
    i = isOp(tokens[j], ',') ? j + 1 : j;
  }
  if (values.length === 0) return bad('syntax error in ALTER SESSION SET');
  return { kind: 'alter_session_set', values };
}
