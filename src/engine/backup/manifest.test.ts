import { describe, expect, it } from 'vitest';
import { sm3Hex } from '../../shared/sm3.ts';
import { type BackupContent, backupDigest, buildManifest, canonicalJson, checkManifest, compareContent } from './manifest.ts';

const d = (s: string) => sm3Hex(s);
const content: BackupContent = {
  migrations: [
    { version: 2, name: 'case_flow', checksum: d('m2') },
    { version: 1, name: 'foundation', checksum: d('m1') },
  ],
  tables: [
    { name: 'unit', rows: 3, sm3: d('unit rows') },
    { name: 'audit_record', rows: 10, sm3: d('audit rows') },
  ],
  sequences: [{ name: 'criminal_case_number_seq', lastValue: '9007199254740993' }],
  files: [
    { sm3: d('b'), size: 2 },
    { sm3: d('a'), size: 1 },
  ],
};

describe('backup manifest', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: 'x' }] })).toBe('{"a":[{"b":"x","d":2}],"b":1}');
  });

  it('the overall digest does not depend on list order, and changes with any row, file or sequence', () => {
    const reordered: BackupContent = {
      migrations: [...content.migrations].reverse(),
      tables: [...content.tables].reverse(),
      sequences: content.sequences,
      files: [...content.files].reverse(),
    };
    expect(backupDigest(reordered)).toBe(backupDigest(content));
    const digests = new Set([
      backupDigest(content),
      backupDigest({ ...content, tables: [{ ...content.tables[0]!, sm3: d('other') }, content.tables[1]!] }),
      backupDigest({ ...content, files: [{ sm3: d('b'), size: 3 }, content.files[1]!] }),
      backupDigest({ ...content, sequences: [{ name: 'criminal_case_number_seq', lastValue: '9007199254740994' }] }),
      backupDigest({ ...content, migrations: content.migrations.slice(1) }),
    ]);
    expect(digests.size).toBe(5);
  });

  it('a manifest is built with its lists in order and its digest; when and from what kind do not change the digest', () => {
    const a = buildManifest(content, new Date('2026-03-01T00:00:00Z'), { database: 'pglite', files: 'filesystem' });
    const b = buildManifest(content, new Date('2026-04-01T00:00:00Z'), { database: 'postgres', files: 's3' });
    expect(a.digest).toBe(b.digest);
    expect(a.tables.map((t) => t.name)).toEqual(['audit_record', 'unit']);
    expect(a.migrations.map((m) => m.version)).toEqual([1, 2]);
    expect(checkManifest(JSON.parse(JSON.stringify(a)))).toEqual({ manifest: a, problems: [] });
  });

  it('a manifest whose content was edited no longer matches its own digest; malformed ones are named', () => {
    const m = buildManifest(content, new Date(), { database: 'pglite', files: 'filesystem' });
    const edited = { ...m, tables: [{ ...m.tables[0]!, rows: 11 }, m.tables[1]!] };
    expect(checkManifest(edited).problems).toEqual([expect.stringContaining('is not the digest of its content')]);
    expect(checkManifest({ format: 'zip' }).problems).toEqual(['manifest.json: not a CaseLink backup manifest']);
    expect(checkManifest({ ...m, version: 2 }).problems[0]).toContain('version 2 is not supported');
    expect(checkManifest({ ...m, tables: [{ name: 'x"; DROP TABLE unit; --', rows: 1, sm3: d('x') }] }).problems[0]).toContain('malformed');
    expect(checkManifest({ ...m, files: [{ sm3: '../../etc/passwd', size: 1 }] }).problems[0]).toContain('malformed');
  });

  it('compare names every difference: rows, content, missing and extra tables, sequences and files', () => {
    expect(compareContent(content, content)).toEqual([]);
    const found: BackupContent = {
      migrations: content.migrations,
      tables: [
        { name: 'unit', rows: 4, sm3: d('unit rows') },
        { name: 'extra', rows: 0, sm3: d('') },
      ],
      sequences: [{ name: 'criminal_case_number_seq', lastValue: null }],
      files: [
        { sm3: d('a'), size: 5 },
        { sm3: d('c'), size: 1 },
      ],
    };
    expect(compareContent(content, found).sort()).toEqual([
      `file ${d('a')}: 1 byte(s) expected, 5 found`,
      `file ${d('b')}: missing`,
      `file ${d('c')}: referenced but not in the backup`,
      'sequence criminal_case_number_seq: 9007199254740993 expected, unused found',
      'table audit_record: missing',
      'table extra: not in the backup',
      'table unit: 3 row(s) in the backup, 4 found',
    ].sort());
    const changed = { ...content, tables: [{ name: 'unit', rows: 3, sm3: d('changed') }, content.tables[1]!] };
    expect(compareContent(content, changed)).toEqual([expect.stringMatching(/^table unit: rows differ/)]);
    expect(compareContent(content, { ...content, migrations: [] })[0]).toMatch(/^migrations: backup has 1,2, found none/);
  });
});
