/**
 * Snowflake's JSON result encoding (protocol reference §4): DuckDB column types → `rowtype` entries and
 * DuckDB values → the strings the driver parses. It does not run queries or name columns.
 */

import { DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';

export type WireType = 'fixed' | 'real' | 'text' | 'boolean' | 'date' | 'time' | 'timestamp_ltz' | 'timestamp_ntz' | 'variant' | 'object' | 'array';

/** One `rowtype` entry as the driver reads it. */
export interface WireColumn {
  readonly name: string;
  readonly type: WireType;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  readonly database: string;
  readonly schema: string;
  readonly table: string;
  readonly byteLength: number | null;
  readonly length: number | null;
  readonly collation: null;
}

export type WireValue = string | null;

export function wireColumn(name: string, type: WireType, precision: number | null = null, scale: number | null = null): WireColumn {
  const isText = type === 'text' || type === 'variant' || type === 'object' || type === 'array';
  return {
    name,
    type,
    precision,
    scale,
    nullable: true,
    database: '',
    schema: '',
    table: '',
    byteLength: isText ? 16_777_216 : null,
    length: isText ? 16_777_216 : null,
    collation: null,
  };
}

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.BIGNUM,
]);

const TIMESTAMP_NTZ_TYPES = new Set<DuckDBTypeId>([DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS]);

/** The Snowflake column type for a DuckDB column type. */
export function wireTypeOf(type: DuckDBType): { type: WireType; precision: number | null; scale: number | null } {
  const id = type.typeId;
  if (id === DuckDBTypeId.BOOLEAN) return { type: 'boolean', precision: null, scale: null };
  if (INTEGER_TYPES.has(id)) return { type: 'fixed', precision: 38, scale: 0 };
  if (id === DuckDBTypeId.DECIMAL) {
    const d = type as unknown as { width: number; scale: number };
    return { type: 'fixed', precision: d.width, scale: d.scale };
  }
  if (id === DuckDBTypeId.FLOAT || id === DuckDBTypeId.DOUBLE) return { type: 'real', precision: null, scale: null };
  if (id === DuckDBTypeId.DATE) return { type: 'date', precision: null, scale: null };
  if (id === DuckDBTypeId.TIME || id === DuckDBTypeId.TIME_NS) return { type: 'time', precision: 0, scale: 9 };
  if (TIMESTAMP_NTZ_TYPES.has(id)) return { type: 'timestamp_ntz', precision: 0, scale: 9 };
  if (id === DuckDBTypeId.TIMESTAMP_TZ) return { type: 'timestamp_ltz', precision: 0, scale: 9 };
  if (id === DuckDBTypeId.LIST || id === DuckDBTypeId.ARRAY) return { type: 'array', precision: null, scale: null };
  if (id === DuckDBTypeId.STRUCT || id === DuckDBTypeId.MAP) return { type: 'object', precision: null, scale: null };
  if (id === DuckDBTypeId.VARIANT || (id === DuckDBTypeId.VARCHAR && type.alias?.toUpperCase() === 'JSON')) {
    return { type: 'variant', precision: null, scale: null };
  }
  return { type: 'text', precision: null, scale: null };
}

/** Epoch microseconds → Snowflake's `seconds.fraction` text with nine fractional digits. */
export function epochFraction(micros: bigint): string {
  let s = micros / 1_000_000n;
  let f = micros % 1_000_000n;
  if (f < 0n) {
    s -= 1n;
    f += 1_000_000n;
  }
  return `${s}.${String(f).padStart(6, '0')}000`;
}

/** Epoch microseconds held by a DuckDB temporal value, whatever its unit. */
function microsOf(value: object): bigint {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (v.micros !== undefined) return v.micros;
  if (v.millis !== undefined) return v.millis * 1000n;
  if (v.seconds !== undefined) return v.seconds * 1_000_000n;
  if (v.nanos !== undefined) return v.nanos / 1000n;
  throw new Error('not a temporal value');
}

/**
 * Encodes one value. `json` is the value as DuckDB's JSON converter gives it, used for nested types.
 */
export function encodeValue(type: WireType, value: DuckDBValue, json: unknown): WireValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return value ? '1' : '0';
    case 'fixed':
    case 'real':
      return typeof value === 'object' ? String(value) : String(value);
    case 'date':
      return String((value as { days: number }).days);
    case 'time':
    case 'timestamp_ntz':
    case 'timestamp_ltz':
      return epochFraction(microsOf(value as object));
    case 'variant':
      // JSON-typed VARCHAR already holds JSON text; a DuckDB VARIANT is rendered from its JSON form.
      return typeof value === 'string' ? value : JSON.stringify(json);
    case 'object':
      // A MAP's JSON form is a list of {key, value}; Snowflake shows an object.
      return JSON.stringify(Array.isArray(json) ? Object.fromEntries(json.map((e: { key: unknown; value: unknown }) => [String(e.key), e.value])) : json);
    case 'array':
      return JSON.stringify(json);
    case 'text':
      return typeof value === 'string' ? value : String(value);
  }
}

/** Encodes a plain JS value (from the emulator's own SHOW results) for a declared wire type. */
export function encodePlain(type: WireType, value: string | number | boolean | Date | null): WireValue {
  if (value === null) return null;
  if (value instanceof Date) {
    if (type === 'date') return String(Math.floor(value.getTime() / 86_400_000));
    return epochFraction(BigInt(value.getTime()) * 1000n);
  }
  if (typeof value === 'boolean') return type === 'boolean' ? (value ? '1' : '0') : String(value);
  return String(value);
}
