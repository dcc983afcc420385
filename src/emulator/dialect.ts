/**
 * The Snowflake-to-DuckDB dialect layer's token rewriter (protocol reference §6.3): the rewrites that
 * DuckDB macros cannot express. It is pure text-to-text; macros live in macros.ts and the statements the
 * emulator answers itself (SHOW, ALTER SESSION, USE) are recognised elsewhere.
 */

import { isOp, isWord, matchingOpenParen, matchingParen, nextSignificant, prevSignificant, stringToken, tokenize } from './dialect-tokens.js';
import type { Token } from './dialect-tokens.js';

/** The table a session's last SHOW result is materialised into (a DuckDB temp table, per connection). */
export const LAST_RESULT_TABLE = 'sf_last_result';

export interface RewrittenSql {
  /** DuckDB SQL. */
  readonly sql: string;
  /** Names written as "quoted identifiers": result columns with these names keep their case. */
  readonly quotedIdentifiers: ReadonlySet<string>;
  /** True when the statement reads a table (a FROM clause belonging to a SELECT), i.e. needs a warehouse. */
  readonly readsTable: boolean;
  /** The first keyword, upper-cased (`SELECT`, `WITH`, `SHOW`, ...), or '' for an empty statement. */
  readonly firstKeyword: string;
  /** True when it reads `TABLE(RESULT_SCAN(...))`: result columns then keep their (SHOW) case. */
  readonly readsLastResult: boolean;
  /** Non-empty statements separated by `;` (Snowflake runs one per request unless told otherwise). */
  readonly statementCount: number;
}

const DATE_PART_FUNCTIONS = new Set([
  'DATEADD',
  'DATEDIFF',
  'DATE_TRUNC',
  'DATE_PART',
  'TIMESTAMPADD',
  'TIMESTAMPDIFF',
  'TIMEADD',
  'TIMEDIFF',
  'TIMESTAMP_ADD',
  'TIMESTAMP_DIFF',
]);

const DATE_PART_SYNONYMS: Readonly<Record<string, string>> = {
  y: 'year',
  yy: 'year',
  yyy: 'year',
  yyyy: 'year',
  yr: 'year',
  years: 'year',
  yrs: 'year',
  year: 'year',
  q: 'quarter',
  qtr: 'quarter',
  qtrs: 'quarter',
  quarters: 'quarter',
  quarter: 'quarter',
  mm: 'month',
  mon: 'month',
  mons: 'month',
  months: 'month',
  month: 'month',
  w: 'week',
  wk: 'week',
  weekofyear: 'week',
  woy: 'week',
  wy: 'week',
  weeks: 'week',
  week: 'week',
  d: 'day',
  dd: 'day',
  days: 'day',
  dayofmonth: 'day',
  day: 'day',
  dow: 'dow',
  dayofweek: 'dow',
  weekday: 'dow',
  dw: 'dow',
  doy: 'doy',
  dayofyear: 'doy',
  yd: 'doy',
  dayofweekiso: 'isodow',
  weekday_iso: 'isodow',
  dow_iso: 'isodow',
  h: 'hour',
  hh: 'hour',
  hr: 'hour',
  hours: 'hour',
  hrs: 'hour',
  hour: 'hour',
  m: 'minute',
  mi: 'minute',
  min: 'minute',
  minutes: 'minute',
  mins: 'minute',
  minute: 'minute',
  s: 'second',
  sec: 'second',
  seconds: 'second',
  secs: 'second',
  second: 'second',
  ms: 'millisecond',
  msec: 'millisecond',
  milliseconds: 'millisecond',
  millisecond: 'millisecond',
  us: 'microsecond',
  usec: 'microsecond',
  microseconds: 'microsecond',
  microsecond: 'microsecond',
  ns: 'nanosecond',
  nsec: 'nanosecond',
  nanoseconds: 'nanosecond',
  nanosecond: 'nanosecond',
  epoch: 'epoch',
  epoch_second: 'epoch',
};

/** Snowflake's date-part spelling → DuckDB's (`dd` → `day`, `mm` → `month`); unknown names pass through. */
export function normaliseDatePart(part: string): string {
  const lower = part.toLowerCase();
  return DATE_PART_SYNONYMS[lower] ?? lower;
}

const RENAMES: Readonly<Record<string, string>> = {
  OBJECT_CONSTRUCT: 'json_object',
  OBJECT_CONSTRUCT_KEEP_NULL: 'json_object',
  ARRAY_CONSTRUCT: 'list_value',
  RLIKE: 'regexp_full_match',
  REGEXP: 'regexp_full_match',
};

const word = (text: string): Token => ({ kind: 'word', text });
const op = (text: string): Token => ({ kind: 'op', text });

/** Rewrites one Snowflake statement into DuckDB SQL. Throws SyntaxError on unterminated literals. */
export function rewriteSnowflakeSql(sql: string): RewrittenSql {
  let tokens = tokenize(sql);
  const quotedIdentifiers = new Set(tokens.filter((t) => t.kind === 'quoted').map((t) => t.value as string));
  const before = tokens.length;
  tokens = rewriteResultScan(tokens);
  const readsLastResult = tokens.length !== before;
  tokens = rewriteWithinGroup(tokens);
  tokens = rewriteJsonPaths(tokens);
  tokens = rewriteWords(tokens);
  tokens = materialiseSharedCtes(tokens);
  const first = tokens[nextSignificant(tokens, 0)];
  return {
    sql: tokens.map((t) => t.text).join(''),
    quotedIdentifiers,
    readsTable: readsTable(tokens),
    firstKeyword: first && first.kind === 'word' ? first.text.toUpperCase() : '',
    readsLastResult,
    statementCount: countStatements(tokens),
  };
}

function countStatements(tokens: readonly Token[]): number {
  let count = 0;
  let hasContent = false;
  for (const t of tokens) {
    if (isOp(t, ';')) {
      if (hasContent) count++;
      hasContent = false;
    } else if (t.kind !== 'ws' && t.kind !== 'comment') hasContent = true;
  }
  return count + (hasContent ? 1 : 0);
}

/**
 * `WITH name AS (` → `WITH name AS MATERIALIZED (` for a CTE the statement reads more than once: Snowflake
 * computes such a WITH clause once (a WithClause feeding WithReferences in the query profile), DuckDB would
 * inline it at each reference, so the emulator's execution time would count it several times.
 */
function materialiseSharedCtes(tokens: Token[]): Token[] {
  const first = nextSignificant(tokens, 0);
  if (!isWord(tokens[first], 'WITH') || isWord(tokens[nextSignificant(tokens, first + 1)], 'RECURSIVE')) return tokens;
  // References: a name right after FROM or JOIN.
  const uses = new Map<string, number>();
  tokens.forEach((t, i) => {
    const before = tokens[prevSignificant(tokens, i)];
    if (t.kind === 'word' && (isWord(before, 'FROM') || isWord(before, 'JOIN'))) uses.set(t.text.toLowerCase(), (uses.get(t.text.toLowerCase()) ?? 0) + 1);
  });
  const out: Token[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    out.push(t);
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    if (depth !== 0 || t.kind !== 'word' || !isWord(t, 'AS')) continue;
    const name = tokens[prevSignificant(tokens, i)];
    const open = nextSignificant(tokens, i + 1);
    if (name?.kind !== 'word' || !isOp(tokens[open], '(') || (uses.get(name.text.toLowerCase()) ?? 0) < 2) continue;
    out.push({ kind: 'ws', text: ' ' }, word('MATERIALIZED'));
  }
  return out;
}

/** `TABLE(RESULT_SCAN(...))` → the session's last-result table. */
function rewriteResultScan(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isWord(t, 'TABLE')) {
      const open = nextSignificant(tokens, i + 1);
      const inner = open >= 0 && isOp(tokens[open], '(') ? nextSignificant(tokens, open + 1) : -1;
      if (inner >= 0 && isWord(tokens[inner], 'RESULT_SCAN')) {
        const close = matchingParen(tokens, open);
        if (close > 0) {
          out.push(word(LAST_RESULT_TABLE));
          i = close;
          continue;
        }
      }
    }
    out.push(t);
  }
  return out;
}

/** `LISTAGG(x, ',') WITHIN GROUP (ORDER BY y)` → `LISTAGG(x, ',' ORDER BY y)`; same for ARRAY_AGG. */
function rewriteWithinGroup(tokens: Token[]): Token[] {
  let out = tokens;
  for (let i = 0; i < out.length; i++) {
    if (!(isWord(out[i], 'LISTAGG') || isWord(out[i], 'ARRAY_AGG'))) continue;
    const open = nextSignificant(out, i + 1);
    if (open < 0 || !isOp(out[open], '(')) continue;
    const close = matchingParen(out, open);
    const within = close > 0 ? nextSignificant(out, close + 1) : -1;
    if (within < 0 || !isWord(out[within], 'WITHIN')) continue;
    const group = nextSignificant(out, within + 1);
    const gOpen = group >= 0 && isWord(out[group], 'GROUP') ? nextSignificant(out, group + 1) : -1;
    if (gOpen < 0 || !isOp(out[gOpen], '(')) continue;
    const gClose = matchingParen(out, gOpen);
    if (gClose < 0) continue;
    const orderBy = out.slice(gOpen + 1, gClose);
    out = [...out.slice(0, close), { kind: 'ws', text: ' ' }, ...orderBy, ...out.slice(close, close + 1), ...out.slice(gClose + 1)];
  }
  return out;
}

/** `v:a.b[0]` → `(v->>'$.a.b[0]')`, the left operand being a (qualified) name or a call. */
function rewriteJsonPaths(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = out[out.length - 1];
    const after = tokens[i + 1];
    const isPathColon =
      isOp(t, ':') &&
      prev !== undefined &&
      (prev.kind === 'word' || prev.kind === 'quoted' || isOp(prev, ')') || isOp(prev, ']')) &&
      after !== undefined &&
      (after.kind === 'word' || after.kind === 'quoted');
    if (!isPathColon) {
      out.push(t);
      continue;
    }
    // Collect the path: name ( . name | [ n ] )*
    let path = '$';
    let j = i + 1;
    for (;;) {
      const p = tokens[j];
      if (p !== undefined && (p.kind === 'word' || p.kind === 'quoted')) {
        path += `.${p.kind === 'quoted' ? `"${p.value as string}"` : p.text}`;
        j++;
      } else break;
      while (isOp(tokens[j], '[') && tokens[j + 1]?.kind === 'number' && isOp(tokens[j + 2], ']')) {
        path += `[${(tokens[j + 1] as Token).text}]`;
        j += 3;
      }
      if (isOp(tokens[j], '.') && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted')) j++;
      else break;
    }
    const start = leftOperandStart(out);
    out.splice(start, 0, op('('));
    out.push(op('->>'), stringToken(path), op(')'));
    i = j - 1;
  }
  return out;
}

/** Where the operand ending at the end of `out` starts: a call `f(...)`, `(...)`, or `a.b.c`. */
function leftOperandStart(out: readonly Token[]): number {
  let k = out.length - 1;
  if (isOp(out[k], ')')) {
    const open = matchingOpenParen(out, k);
    k = open;
    const before = prevSignificant(out, open);
    if (before >= 0 && out[before]?.kind === 'word' && before === open - 1) k = before;
  }
  while (k >= 2 && isOp(out[k - 1], '.') && (out[k - 2]?.kind === 'word' || out[k - 2]?.kind === 'quoted')) k -= 2;
  return k;
}

/** Word-level rewrites: date parts, NUMBER(, renames, RLIKE, bare CURRENT_TIMESTAMP/SYSDATE, `:1` binds. */
function rewriteWords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'bind') {
      out.push(t.text === '?' ? t : { kind: 'bind', text: `$${t.text.slice(1)}` });
      continue;
    }
    if (t.kind !== 'word') {
      out.push(t);
      continue;
    }
    const upper = t.text.toUpperCase();
    const nextIndex = nextSignificant(tokens, i + 1);
    const next = nextIndex >= 0 ? tokens[nextIndex] : undefined;
    const isCall = isOp(next, '(');
    const prevIndex = prevSignificant(out, out.length);
    const afterDot = prevIndex >= 0 && isOp(out[prevIndex], '.');
    if (afterDot) {
      out.push(t);
      continue;
    }

    if (isCall && DATE_PART_FUNCTIONS.has(upper)) {
      out.push(t);
      const argIndex = nextSignificant(tokens, nextIndex + 1);
      const arg = tokens[argIndex];
      const afterArg = nextSignificant(tokens, argIndex + 1);
      const isLoneArg = isOp(tokens[afterArg], ',');
      for (let k = i + 1; k < argIndex; k++) out.push(tokens[k] as Token);
      if (arg !== undefined && isLoneArg && (arg.kind === 'word' || arg.kind === 'string')) {
        out.push(stringToken(normaliseDatePart(arg.kind === 'word' ? arg.text : (arg.value as string))));
        i = argIndex;
      } else {
        i = argIndex - 1;
      }
      continue;
    }
    if (upper === 'NUMBER' && isCall) {
      out.push(word('DECIMAL'));
      continue;
    }
    if ((upper === 'RLIKE' || upper === 'REGEXP') && !isCall) {
      out.push(word('SIMILAR'), { kind: 'ws', text: ' ' }, word('TO'));
      continue;
    }
    const rename = RENAMES[upper];
    if (rename !== undefined && isCall) {
      out.push(word(rename));
      continue;
    }
    if ((upper === 'CURRENT_TIMESTAMP' || upper === 'SYSDATE' || upper === 'LOCALTIMESTAMP' || upper === 'CURRENT_DATE' || upper === 'GETDATE') && !isCall) {
      const name = upper === 'SYSDATE' ? 'sysdate' : upper === 'CURRENT_DATE' ? 'current_date' : 'current_timestamp';
      out.push(word(name), op('('), op(')'));
      continue;
    }
    out.push(t);
  }
  return out;
}

/** A FROM that belongs to a SELECT at the same parenthesis depth (not `EXTRACT(x FROM y)`). */
function readsTable(tokens: readonly Token[]): boolean {
  const selectAtDepth: boolean[] = [false];
  for (const t of tokens) {
    if (isOp(t, '(')) selectAtDepth.push(false);
    else if (isOp(t, ')')) {
      if (selectAtDepth.length > 1) selectAtDepth.pop();
    } else if (isWord(t, 'SELECT')) selectAtDepth[selectAtDepth.length - 1] = true;
    else if (isWord(t, 'FROM') && selectAtDepth[selectAtDepth.length - 1] === true) return true;
  }
  return false;
}
