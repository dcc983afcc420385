/**
 * Finds the line of a key path (`['checks', 'top_queries', 'enabled']`, list items by index as
 * `['routes', '3']`) in a parsed YAML document, for error messages; falls back to the nearest ancestor
 * present. Validation lives elsewhere.
 */

import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';

export type KeyLines = (keyPath: readonly string[]) => number | undefined;

export function keyLines(document: Document, lineCounter: LineCounter): KeyLines {
  return (keyPath) => {
    for (let depth = keyPath.length; depth > 0; depth--) {
      const parent = depth === 1 ? document.contents : document.getIn(keyPath.slice(0, depth - 1), true);
      const key = keyPath[depth - 1];
      if (isSeq(parent) && key !== undefined && /^\d+$/.test(key)) {
        const itemOffset = (parent.items[Number(key)] as { range?: [number, number, number] } | undefined)?.range?.[0];
        if (itemOffset !== undefined) return lineCounter.linePos(itemOffset).line;
        continue;
      }
      if (!isMap(parent)) continue;
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
}
