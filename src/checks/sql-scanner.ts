/**
 * A small lexical pass over Snowflake SQL for the check loader: splits a body into statements on
 * top-level `;` and counts `?` bind markers, skipping strings, quoted identifiers, `$$` strings and
 * comments. It does not parse or rewrite SQL.
 */

interface Piece {
  readonly kind: 'code' | 'string' | 'comment';
  readonly text: string;
}

/** Cuts SQL into code, literal and comment pieces. An unterminated literal runs to the end. */
function scan(sql: string): Piece[] {
  const pieces: Piece[] = [];
  let code = '';
  let i = 0;
  const n = sql.length;
  const flush = (): void => {
    if (code) pieces.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      flush();
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      pieces.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === '/' && next === '*') {
      flush();
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      pieces.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === '$' && next === '$') {
      flush();
      let j = sql.indexOf('$$', i + 2);
      j = j < 0 ? n : j + 2;
      pieces.push({ kind: 'string', text: sql.slice(i, j) });
      i = j;
    } else if (c === "'" || c === '"') {
      flush();
      let j = i + 1;
      while (j < n) {
        const d = sql[j];
        if (c === "'" && d === '\\') {
          j += 2;
        } else if (d === c) {
          if (sql[j + 1] === c)
            j += 2; // doubled quote inside the literal
          else break;
        } else {
          j++;
        }
      }
      j = Math.min(j + 1, n);
      pieces.push({ kind: 'string', text: sql.slice(i, j) });
      i = j;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return pieces;
}

/**
 * Splits a SQL body into its statements on top-level `;`. Comments are dropped, each statement is
 * trimmed, and empty statements disappear.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  for (const piece of scan(sql)) {
    if (piece.kind === 'comment') {
      current += ' ';
      continue;
    }
    if (piece.kind === 'string') {
      current += piece.text;
      continue;
    }
    const parts = piece.text.split(';');
    parts.forEach((part, index) => {
      if (index > 0) {
        statements.push(current);
        current = '';
      }
      current += part;
    });
  }
  statements.push(current);
  return statements.map(tidy).filter((s) => s.length > 0);
}

/** Trims a statement and drops trailing blanks left where comments were removed. */
function tidy(statement: string): string {
  return statement
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line, index, lines) => line.length > 0 || (index > 0 && (lines[index - 1] ?? '').length > 0))
    .join('\n')
    .trim();
}

/** How many `?` bind markers a statement holds outside literals and comments. */
export function countBindMarkers(sql: string): number {
  let count = 0;
  for (const piece of scan(sql)) {
    if (piece.kind !== 'code') continue;
    for (const ch of piece.text) if (ch === '?') count++;
  }
  return count;
}

/** The statement's first keyword, lower-cased (`show`, `select`, `with`...). */
export function firstKeyword(statement: string): string {
  const match = /^[\s(]*([A-Za-z_]+)/.exec(statement);
  return (match?.[1] ?? '').toLowerCase();
}
