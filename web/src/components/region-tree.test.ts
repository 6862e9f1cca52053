import { describe, expect, it } from 'vitest';
import type { Region } from '../api/types.ts';
import { buildRegionTree } from './region-tree.ts';

const region = (code: string, parentCode: string | null, level: Region['level']): Region => ({
  code,
  name: code,
  nameEn: code,
  level,
  parentCode,
});

describe('buildRegionTree', () => {
  it('nests by parentCode with siblings in code order, and leaves have no children array', () => {
    const tree = buildRegionTree([
      region('130102', '130100', 'county'),
      region('130100', '130000', 'city'),
      region('130000', null, 'province'),
      region('130101', '130100', 'county'),
    ]);
    expect(tree.map((r) => r.code)).toEqual(['130000']);
    const city = tree[0]?.children?.[0];
    expect(city?.children?.map((r) => r.code)).toEqual(['130101', '130102']);
    expect(city?.children?.[0]?.children).toBeUndefined();
  });

  it('treats a region whose parent is outside the list as a root (a user scoped below the province)', () => {
    const tree = buildRegionTree([region('130102', '130100', 'county'), region('130102001', '130102', 'township')]);
    expect(tree.map((r) => r.code)).toEqual(['130102']);
    expect(tree[0]?.children?.map((r) => r.code)).toEqual(['130102001']);
  });
});
