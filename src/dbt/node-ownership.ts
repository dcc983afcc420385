/**
 * Who owns a dbt node and where its alerts go, by Elementary's rule: `meta.owner` / `config.meta.owner`
 * (a string split on commas, or a list), else the owner of the node's group (email, else name); a test
 * takes its model's owners. Several owners are joined with `,` in sorted order. Reads a manifest only.
 */

import type { ManifestArtifact, ManifestNode } from './artifact.js';

export interface NodeOwnership {
  /** The node's short name (manifest `name`, else taken from the unique_id). */
  readonly name: string;
  readonly owner?: string;
  readonly channel?: string;
}

const TEST_TYPES: readonly string[] = ['test', 'unit_test'];

export function nodeOwnership(manifest: ManifestArtifact | undefined, uniqueId: string): NodeOwnership {
  const node = manifest?.nodes.get(uniqueId);
  const name = node?.name ?? shortName(uniqueId);
  if (!manifest || !node) return { name };
  const models = TEST_TYPES.includes(node.resourceType) || TEST_TYPES.includes(kindOf(uniqueId)) ? parentsOf(manifest, node) : [];
  const owners = new Set<string>();
  for (const model of models) for (const owner of ownersOf(manifest, model)) owners.add(owner);
  if (owners.size === 0) for (const owner of ownersOf(manifest, node)) owners.add(owner);
  const channel = node.channel ?? models.map((m) => m.channel).find((c) => c !== undefined);
  return {
    name,
    ...(owners.size > 0 ? { owner: [...owners].sort().join(',') } : {}),
    ...(channel !== undefined ? { channel } : {}),
  };
}

/** `model`, `test`, `unit_test`, `seed`, `snapshot`, `operation`, `source`...: the unique_id's prefix. */
export function kindOf(uniqueId: string): string {
  return uniqueId.split('.')[0] ?? uniqueId;
}

/** `model.shop.stg_orders` → `stg_orders`; a test keeps its name without the hash. */
export function shortName(uniqueId: string): string {
  const parts = uniqueId.split('.');
  if (parts.length <= 2) return uniqueId;
  const kind = parts[0];
  if ((kind === 'test' || kind === 'unit_test') && parts.length > 3 && /^[0-9a-f]{10}$/.test(parts[parts.length - 1] ?? '')) {
    return parts.slice(2, -1).join('.');
  }
  return parts.slice(2).join('.');
}

/** A test's models: `attached_node`, else what it depends on. */
function parentsOf(manifest: ManifestArtifact, test: ManifestNode): ManifestNode[] {
  const ids = test.attachedNode !== undefined ? [test.attachedNode] : test.dependsOn;
  return ids.map((id) => manifest.nodes.get(id)).filter((n): n is ManifestNode => n !== undefined);
}

function ownersOf(manifest: ManifestArtifact, node: ManifestNode): readonly string[] {
  if (node.owners.length > 0) return node.owners;
  return node.group !== undefined ? (manifest.groupOwners.get(node.group) ?? []) : [];
}
