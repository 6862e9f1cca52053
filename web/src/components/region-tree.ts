import type { Region } from '../api/types.ts';

export interface RegionNode extends Region {
  /** Absent on leaves, so antd shows no expand icon there. */
  children?: RegionNode[];
}

/**
 * Nests regions by parentCode, siblings in code order. A region whose parent is not in the list is a root:
 * a user scoped to one county sees that county as the top of the tree.
 */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of [...regions].sort((a, b) => a.code.localeCompare(b.code))) nodes.set(r.code, { ...r });
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (!parent || parent === node) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}
