/**
 * Finds the line of a key path (`['checks', 'top_queries', 'enabled']`) in a parsed YAML document, for
 * error messages; falls back to the nearest ancestor present. Validation lives elsewhere.
 */

import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';

export type KeyLines = (keyPath: readonly string[]) => number | undefined;

export function keyLines(document: Document, lineCounter: LineCounter): KeyLines {
  return (keyPath) => {
    for (let depth = keyPath.length; depth > 0; depth--) {
      const parent = depth === 1 ? document.contents : document.getIn(keyPath.slice(0, depth - 1), true);
      if (!isMap(parent)) continue;
      const key = keyPath[depth - 1];
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
}

/** Key lines of a YAML file already validated by loadConfig; unknown lines when it cannot be re-read. */
export async function readKeyLines(file: string): Promise<KeyLines> {
  try {
    const lineCounter = new LineCounter();
    return keyLines(parseDocument(await readFile(file, 'utf8'), { lineCounter }), lineCounter);
  } catch {
    return () => undefined;
  }
}
