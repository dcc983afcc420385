/**
 * Credits per hour of one cluster of each warehouse size (Gen1 standard: X-Small 1, doubling per size).
 * Pure lookups for the billing model and the scenario generator; not a price list in money.
 */
import type { WarehouseSize } from './account-model.js';

const CREDITS_PER_HOUR: Readonly<Record<WarehouseSize, number>> = Object.freeze({
  'X-Small': 1,
  Small: 2,
  Medium: 4,
  Large: 8,
  'X-Large': 16,
  '2X-Large': 32,
  '3X-Large': 64,
  '4X-Large': 128,
  '5X-Large': 256,
  '6X-Large': 512,
});

/** Credits one cluster of a standard warehouse of this size burns per hour of running. */
export function creditsPerHour(size: WarehouseSize): number {
  return CREDITS_PER_HOUR[size];
}

/** Every size in ascending order, as SHOW WAREHOUSES and QUERY_HISTORY spell them. */
export const WAREHOUSE_SIZES: readonly WarehouseSize[] = Object.freeze(Object.keys(CREDITS_PER_HOUR) as WarehouseSize[]);
