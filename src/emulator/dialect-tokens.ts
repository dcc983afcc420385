/**
 * The Snowflake SQL tokenizer the dialect rewriter works on: words, numbers, strings (with Snowflake's
 * backslash escapes decoded), `$$` strings, quoted identifiers, comments, binds and punctuation. It
 * only splits text; it does not rewrite anything.
 */

export type TokenKind =
  | 'ws' // whitespace
  | 'comment' // -- ... or /* ... */ or // ...
  | 'string' // a string literal; `value` is the decoded text
  | 'quoted' // a "quoted identifier"; `value` is the name without quotes
  | 'word' // an unquoted identifier or keyword
  | 'number'
  | 'bind' // `?` or `:1`
  | 'op'; // punctuation and operators: ( ) , . :: : + - ...

export interface Token {
  readonly kind: TokenKind;
  /** The text as it should be emitted. */
  readonly text: string;
  /** Decoded string value for `string`, the bare name for `quoted`. */
  readonly value?: string;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** A standard SQL literal for a decoded string: single quotes doubled, no backslash processing. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function stringToken(value: string): Token {
  return { kind: 'string', text: sqlLiteral(value), value };
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const OPERATORS = ['::', '->>', '->', '||', '<=', '>=', '<>', '!=', '=>', '==', '<<', '>>'];

/** Splits Snowflake SQL into tokens. Throws on an unterminated string, identifier or comment. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j] as string)) j++;
      tokens.push({ kind: 'ws', text: sql.slice(i, j) });
      i = j;
    } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      tokens.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated comment');
      tokens.push({ kind: 'comment', text: sql.slice(i, end + 2) });
      i = end + 2;
    } else if (c === "'") {
      const { value, end } = readString(sql, i);
      tokens.push(stringToken(value));
      i = end;
    } else if (c === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) throw new SyntaxError('unterminated $$ string');
      tokens.push(stringToken(sql.slice(i + 2, end)));
      i = end + 2;
    } else if (c === '"') {
      const { value, end } = readQuoted(sql, i);
      tokens.push({ kind: 'quoted', text: sql.slice(i, end), value });
      i = end;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j] as string)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)/.exec(sql.slice(i)) as RegExpExecArray;
      const text = m[1] as string;
      tokens.push({ kind: 'number', text });
      i += text.length;
    } else if (c === '?') {
      tokens.push({ kind: 'bind', text: '?' });
      i += 1;
    } else if (c === ':' && next !== undefined && /[0-9]/.test(next) && sql[i - 1] !== ':') {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql[j] as string)) j++;
      tokens.push({ kind: 'bind', text: sql.slice(i, j) });
      i = j;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

/** The string literal opening at `start` (a `'`): its decoded value (backslash escapes, `''`) and where it ends. */
function readString(sql: string, start: number): { value: string; end: number } {
  let value = '';
  let j = start + 1;
  for (;;) {
    if (j >= sql.length) throw new SyntaxError('unterminated string literal');
    const ch = sql[j] as string;
    if (ch === '\\') {
      const esc = sql[j + 1];
      if (esc === undefined) throw new SyntaxError('unterminated string literal');
      value += SIMPLE_ESCAPES[esc] ?? esc;
      j += 2;
    } else if (ch === "'") {
      if (sql[j + 1] !== "'") return { value, end: j + 1 };
      value += "'";
      j += 2;
    } else {
      value += ch;
      j += 1;
    }
  }
}

/** The quoted identifier opening at `start` (a `"`): its name (`""` is one quote) and where it ends. */
function readQuoted(sql: string, start: number): { value: string; end: number } {
  let value = '';
  let j = start + 1;
  for (;;) {
    if (j >= sql.length) throw new SyntaxError('unterminated quoted identifier');
    const ch = sql[j] as string;
    if (ch === '"') {
      if (sql[j + 1] !== '"') return { value, end: j + 1 };
      value += '"';
      j += 2;
    } else {
      value += ch;
      j += 1;
    }
  }
}

/** True when the token is the word `w` (case-insensitive). */
export function isWord(token: Token | undefined, w: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === w;
}

export function isOp(token: Token | undefined, op: string): boolean {
  return token !== undefined && token.kind === 'op' && token.text === op;
}

/** Index of the next token at or after `from` that is not whitespace or a comment, or -1. */
export function nextSignificant(tokens: readonly Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) {
    const k = (tokens[i] as Token).kind;
    if (k !== 'ws' && k !== 'comment') return i;
  }
  return -1;
}

/** Index of the previous token before `from` that is not whitespace or a comment, or -1. */
export function prevSignificant(tokens: readonly Token[], from: number): number {
  for (let i = from - 1; i >= 0; i--) {
    const k = (tokens[i] as Token).kind;
    if (k !== 'ws' && k !== 'comment') return i;
  }
  return -1;
}

/** Index of the `)` matching the `(` at `open`, or -1 when unbalanced. */
export function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'op') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Index of the `(` matching the `)` at `close`, or -1. */
export function matchingOpenParen(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.kind !== 'op') continue;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
