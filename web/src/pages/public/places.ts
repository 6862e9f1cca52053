// The places a citizen picks from: the province's regions as a tree from its cities down, keeping only the
// branches that lead to a region where the receiving unit is. Pure.
import type { PublicRegion } from '../../api/public-client.ts';

export interface PlaceNode {
  value: string;
  label: string;
  children?: PlaceNode[];
}

/** The tree below the province; `label` names a region in the reader's language. */
export function placeTree(regions: readonly PublicRegion[], selectable: (r: PublicRegion) => boolean, label: (r: PublicRegion) => string): PlaceNode[] {
  const byParent = new Map<string | null, PublicRegion[]>();
  for (const r of regions) byParent.set(r.parentCode, [...(byParent.get(r.parentCode) ?? []), r]);
  const build = (r: PublicRegion): PlaceNode | null => {
    const children = (byParent.get(r.code) ?? []).map(build).filter((c): c is PlaceNode => c !== null);
    if (!selectable(r) && children.length === 0) return null;
    return { value: r.code, label: label(r), ...(children.length ? { children } : {}) };
  };
  return regions
    .filter((r) => r.level === 'province')
    .flatMap((root) => (byParent.get(root.code) ?? []).map(build).filter((c): c is PlaceNode => c !== null));
}

/** The region a picker's path chose, when it may be chosen; null otherwise (the path stops above one). */
export function chosenRegion(regions: readonly PublicRegion[], path: readonly string[] | undefined, selectable: (r: PublicRegion) => boolean): string | null {
  const code = path?.at(-1);
  const r = code ? regions.find((x) => x.code === code) : undefined;
  return r && selectable(r) ? r.code : null;
}
