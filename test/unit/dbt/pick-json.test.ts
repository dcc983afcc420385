/**
 * The selective JSON reader against JSON.parse: on seeded random documents and picks it keeps exactly
 * what JSON.parse gives for the picked paths, and it refuses every truncation and the malformed texts
 * JSON.parse refuses, with the byte offset.
 */

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/emulator/scenarios/random.js';
import { compilePick, JsonSyntaxError, pickJson, type JsonPick } from '../../../src/dbt/pick-json.js';

/** What the pick keeps, computed from JSON.parse's tree (the definition the reader must meet). */
function applyPick(value: unknown, pick: JsonPick): unknown {
  if (pick === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return pick.each === undefined ? [] : value.map((v) => applyPick(v, pick.each!));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = (pick.keys !== undefined && Object.hasOwn(pick.keys, key) ? pick.keys[key] : undefined) ?? pick.each;
    if (sub !== undefined) Object.defineProperty(out, key, { value: applyPick(v, sub), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const KEYS = ['a', 'b', 'unique_id', 'ключ', 'k"q', '__proto__', 'e\\s'];

function randomValue(random: SeededRandom, depth: number): unknown {
  const kind = depth > 3 ? random.int(0, 3) : random.int(0, 5);
  if (kind === 0) return random.pick([true, false, null]);
  if (kind === 1) return random.pick([0, -1, 3.25, 1e21, -2.5e-7, 123456789]);
  if (kind === 2) return random.pick(['', 'plain', 'with "quotes" and \\ backslashes\\', 'tab\tnew\nline', 'ünïcödé ✓ 😀', '\\"']);
  if (kind === 3) return random.pick(['x', 'select 1']);
  if (kind === 4) return Array.from({ length: random.int(0, 3) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(KEYS), randomValue(random, depth + 1)]));
}

function randomPick(random: SeededRandom, depth: number): JsonPick {
  if (depth > 3 || random.chance(0.3)) return true;
  const keys = Object.fromEntries(KEYS.filter(() => random.chance(0.4)).map((k) => [k, randomPick(random, depth + 1)]));
  return { keys, ...(random.chance(0.4) ? { each: randomPick(random, depth + 1) } : {}) };
}

/** JSON text with random spacing, so the reader's whitespace handling is exercised. */
function spaced(random: SeededRandom, value: unknown): string {
  return JSON.stringify(value, null, random.pick([0, 1, 2, '\t'])).replace(/,/g, () => random.pick([',', ' ,', ',\r\n ']));
}

describe('pickJson', () => {
  it('does keep exactly what JSON.parse gives for the picked paths, on 2,000 seeded documents and picks', () => {
    const random = new SeededRandom(20261204);
    for (let i = 0; i < 2000; i++) {
      const doc = { root: randomValue(random, 0), [random.pick(KEYS)]: randomValue(random, 1) };
      const pick = randomPick(random, 0);
      const text = spaced(random, doc);
      expect(pickJson(Buffer.from(text), compilePick(pick)), text).toEqual(applyPick(JSON.parse(text), pick));
    }
  });

  it('does take the last of duplicate keys, as JSON.parse does, and keep __proto__ as a plain key', () => {
    const text = '{"a": 1, "a": {"x": 2}, "__proto__": {"polluted": true}}';
    const kept = pickJson(Buffer.from(text), compilePick({ keys: { a: true, ['__proto__']: true } })) as Record<string, unknown>;
    expect(kept.a).toEqual({ x: 2 });
    expect(Object.getOwnPropertyDescriptor(kept, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does refuse every truncation of a document as truncated, at the end of the bytes', () => {
    const text = Buffer.from('{"metadata": {"v": [1, -2.5e3, true, null, "s\\"x"]}, "results": [{"unique_id": "ü", "skip": {"deep": [false]}}]}');
    const pick = compilePick({ keys: { results: { each: { keys: { unique_id: true } } } } });
    for (let end = 1; end < text.length; end++) {
      let error: unknown;
      try {
        pickJson(text.subarray(0, end), pick);
      } catch (e) {
        error = e;
      }
      expect(error, `cut at ${end}`).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).truncated, `cut at ${end}: ${(error as Error).message}`).toBe(true);
    }
  });

  it('does refuse what JSON.parse refuses in a skipped value, with the byte offset', () => {
    const pick = compilePick({ keys: { keep: true } });
    for (const [text, offset] of [
      ['{"skip": [1, 2,], "keep": 1}', 15],
      ['{"skip": {"a" 1}, "keep": 1}', 14],
      ['{"skip": tru, "keep": 1}', 12],
      ['{"skip": 01, "keep": 1}', 10],
      ['{"skip": +1, "keep": 1}', 9],
      ["{'skip': 1}", 1],
      ['{"skip": 1} x', 12],
      ['{"skip": "ü", x: 1}', 15],
    ] as const) {
      expect(() => void JSON.parse(text), text).toThrow();
      let error: unknown;
      try {
        pickJson(Buffer.from(text), pick);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(JsonSyntaxError);
      expect([(error as JsonSyntaxError).offset, (error as JsonSyntaxError).truncated], text).toEqual([offset, false]);
    }
  });
});
