/**
 * A JSON reader that keeps only the paths it is told to (a `JsonPick`) and skips everything else without
 * building it: strings are jumped over with a native byte search, containers are walked but not
 * materialised. It checks the grammar of what it skips (brackets, commas, colons, literals, numbers, a
 * closing quote for every string), so a truncated or malformed file is still refused, with its byte
 * offset. It does not check what is inside a string it skips or keeps without escapes (control
 * characters), and it is not a general JSON parser: what it keeps is what JSON.parse gives for the same bytes.
 */

/**
 * What to keep of a value. `true`: all of it. An object: for an object value, the `keys` listed (each
 * with its own pick) and, when `each` is set, every other key with `each`; for an array value, every
 * item with `each` (no `each`: an empty array). A scalar is always kept as it is.
 */
export type JsonPick = true | { readonly keys?: Readonly<Record<string, JsonPick>>; readonly each?: JsonPick };

/** A pick made ready for reading: its keys found by a hash of their bytes, so skipped keys are never decoded. */
export type CompiledPick = true | { readonly keys: ReadonlyMap<number, readonly KeyEntry[]>; readonly each?: CompiledPick };

interface KeyEntry {
  readonly bytes: Buffer;
  readonly key: string;
  readonly pick: CompiledPick;
}

export function compilePick(pick: JsonPick): CompiledPick {
  if (pick === true) return true;
  const keys = new Map<number, KeyEntry[]>();
  for (const [key, sub] of Object.entries(pick.keys ?? {})) {
    const bytes = Buffer.from(key, 'utf8');
    const hash = hashOf(bytes, 0, bytes.length);
    keys.set(hash, [...(keys.get(hash) ?? []), { bytes, key, pick: compilePick(sub) }]);
  }
  return { keys, ...(pick.each !== undefined ? { each: compilePick(pick.each) } : {}) };
}

/** A hash of bytes[start, end); -1 when they hold a backslash (an escaped key: decoded the slow way). */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = 7;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === BACKSLASH) return -1;
    hash = (Math.imul(hash, 31) + b) | 0;
  }
  return hash === -1 ? 0 : hash;
}

function sameBytes(a: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[start + i]) return false;
  return true;
}

/** Malformed or truncated JSON, with the byte offset where reading stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LITERALS: ReadonlyMap<number, Buffer> = new Map([0x74, 0x66, 0x6e].map((b) => [b, Buffer.from(b === 0x74 ? 'true' : b === 0x66 ? 'false' : 'null')]));

/** Reads `bytes` (UTF-8 JSON) keeping what `pick` says; throws JsonSyntaxError. */
export function pickJson(bytes: Buffer, pick: CompiledPick): unknown {
  const reader = new PickReader(bytes);
  let value: unknown;
  try {
    reader.spaces();
    value = reader.value(pick);
    reader.spaces();
  } catch (error) {
    if (error instanceof RangeError) throw new JsonSyntaxError('nested too deeply', reader.pos, false);
    throw error;
  }
  if (reader.pos < bytes.length) reader.fail('unexpected content after the JSON value');
  return value;
}

class PickReader {
  pos = 0;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  fail(what: string): never {
    if (this.pos >= this.#bytes.length) throw new JsonSyntaxError('unexpected end of JSON', this.#bytes.length, true);
    throw new JsonSyntaxError(`${what} (${JSON.stringify(String.fromCharCode(this.#bytes[this.pos]!))})`, this.pos, false);
  }

  spaces(): void {
    const bytes = this.#bytes;
    let pos = this.pos;
    for (let b = bytes[pos]; b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09; b = bytes[++pos]);
    this.pos = pos;
  }

  value(pick: CompiledPick): unknown {
    const b = this.#bytes[this.pos];
    if (pick === true || (b !== OPEN_OBJECT && b !== OPEN_ARRAY)) return this.whole();
    return b === OPEN_OBJECT ? this.object(pick) : this.array(pick);
  }

  /**
   * A value kept as it is: its bytes, checked by the skipper, then JSON.parse; literals, numbers (the
   * skipper checked their grammar, so Number reads them as JSON.parse does) and strings without escapes directly.
   */
  whole(): unknown {
    const start = this.pos;
    this.skipValue();
    const bytes = this.#bytes;
    const first = bytes[start]!;
    if (first === QUOTE && hashOf(bytes, start + 1, this.pos - 1) !== -1) return bytes.toString('utf8', start + 1, this.pos - 1);
    if (LITERALS.has(first)) return first === 0x74 ? true : first === 0x66 ? false : null;
    if (first === 0x2d || (first >= 0x30 && first <= 0x39)) return Number(bytes.toString('latin1', start, this.pos));
    try {
      return JSON.parse(bytes.toString('utf8', start, this.pos));
    } catch (error) {
      throw new JsonSyntaxError((error as Error).message, start, false);
    }
  }

  object(pick: Exclude<CompiledPick, true>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.opened(CLOSE_OBJECT)) return out;
    for (;;) {
      const [key, keyPick] = this.pickedKey(pick);
      if (keyPick === undefined) {
        this.skipValue();
      } else {
        const value = this.value(keyPick);
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      if (this.endOf(CLOSE_OBJECT)) return out;
    }
  }

  /** A member's key and what to keep of its value (undefined: skip it); leaves `pos` at the value. */
  pickedKey(pick: Exclude<CompiledPick, true>): [string, CompiledPick | undefined] {
    this.spaces();
    const bytes = this.#bytes;
    const start = this.pos;
    if (bytes[start] !== QUOTE) this.fail('expected a key');
    this.skipString();
    const hash = hashOf(bytes, start + 1, this.pos - 1);
    let found: [string, CompiledPick | undefined] | undefined;
    if (hash === -1) {
      const key = JSON.parse(bytes.toString('utf8', start, this.pos)) as string;
      found = [key, [...pick.keys.values()].flat().find((e) => e.key === key)?.pick ?? pick.each];
    } else {
      const entry = pick.keys.get(hash)?.find((e) => sameBytes(e.bytes, bytes, start + 1, this.pos - 1));
      if (entry !== undefined) found = [entry.key, entry.pick];
      else found = [pick.each !== undefined ? bytes.toString('utf8', start + 1, this.pos - 1) : '', pick.each];
    }
    this.colon();
    return found;
  }

  colon(): void {
    this.spaces();
    if (this.#bytes[this.pos] !== COLON) this.fail('expected ":"');
    this.pos++;
    this.spaces();
  }

  array(pick: Exclude<CompiledPick, true>): unknown[] {
    const out: unknown[] = [];
    if (this.opened(CLOSE_ARRAY)) return out;
    for (;;) {
      this.spaces();
      if (pick.each === undefined) this.skipValue();
      else out.push(this.value(pick.each));
      if (this.endOf(CLOSE_ARRAY)) return out;
    }
  }

  /** Past an opening bracket: true when the container is empty (its closing bracket consumed). */
  opened(close: number): boolean {
    this.pos++;
    this.spaces();
    if (this.#bytes[this.pos] !== close) return false;
    this.pos++;
    return true;
  }

  /** After a member or item: true at the closing bracket (consumed), false after a comma. */
  endOf(close: number): boolean {
    this.spaces();
    const b = this.#bytes[this.pos];
    if (b === close) {
      this.pos++;
      return true;
    }
    if (b !== COMMA) this.fail(`expected "," or "${String.fromCharCode(close)}"`);
    this.pos++;
    return false;
  }

  skipValue(): void {
    const b = this.#bytes[this.pos];
    if (b === QUOTE) this.skipString();
    else if (b === OPEN_OBJECT) this.skipContainer(CLOSE_OBJECT);
    else if (b === OPEN_ARRAY) this.skipContainer(CLOSE_ARRAY);
    else if (b !== undefined && LITERALS.has(b)) this.skipLiteral(LITERALS.get(b)!);
    else this.skipNumber();
  }

  skipString(): void {
    const bytes = this.#bytes;
    let from = this.pos + 1;
    for (;;) {
      const end = bytes.indexOf(QUOTE, from);
      if (end < 0) {
        this.pos = bytes.length;
        this.fail('unterminated string');
      }
      let backslashes = 0;
      while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
      from = end + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = from;
  }

  skipContainer(close: number): void {
    if (this.opened(close)) return;
    for (;;) {
      this.spaces();
      if (close === CLOSE_OBJECT) {
        if (this.#bytes[this.pos] !== QUOTE) this.fail('expected a key');
        this.skipString();
        this.colon();
      }
      this.skipValue();
      if (this.endOf(close)) return;
    }
  }

  skipLiteral(literal: Buffer): void {
    for (let i = 0; i < literal.length; i++, this.pos++) if (this.#bytes[this.pos] !== literal[i]) this.fail('invalid literal');
  }

  /** `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` */
  skipNumber(): void {
    const bytes = this.#bytes;
    const digits = (): void => {
      const start = this.pos;
      while (bytes[this.pos]! >= 0x30 && bytes[this.pos]! <= 0x39) this.pos++;
      if (this.pos === start) this.fail('expected a digit');
    };
    if (bytes[this.pos] === 0x2d) this.pos++;
    if (bytes[this.pos] === 0x30) this.pos++;
    else digits();
    if (bytes[this.pos] === 0x2e) {
      this.pos++;
      digits();
    }
    if (bytes[this.pos] === 0x65 || bytes[this.pos] === 0x45) {
      this.pos++;
      if (bytes[this.pos] === 0x2b || bytes[this.pos] === 0x2d) this.pos++;
      digits();
    }
  }
}
