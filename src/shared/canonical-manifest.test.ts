import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalManifest, type Manifest, ManifestError, manifestDigest } from './canonical-manifest.ts';
import { sm3Hex } from './sm3.ts';

const H1 = sm3Hex('起诉意见书');
const H2 = sm3Hex('证据目录');

const sample: Manifest = {
  caseId: 'case-0001',
  transferId: 'tr-0001',
  documents: [
    { id: 'doc-b', name: '起诉意见书', sm3: H1.toUpperCase() },
    { id: 'doc-a', name: '证据目录', sm3: H2 },
  ],
  sender: { unitId: 'u-pol-1', unitCode: '11330100002504325X' },
  receiver: { unitId: 'u-pro-1', unitCode: '11330100002504333Q' },
  at: '2026-11-22T10:00:00+08:00',
  scenario: 'transfer-for-prosecution',
};

describe('canonicalManifest', () => {
  it('has a fixed form: sorted keys, documents by id, no whitespace, normalized digest and time', () => {
    expect(canonicalManifest(sample)).toBe(
      '{"at":"2026-11-22T02:00:00.000Z","caseId":"case-0001",' +
        `"documents":[{"id":"doc-a","name":"证据目录","sm3":"${H2}"},{"id":"doc-b","name":"起诉意见书","sm3":"${H1}"}],` +
        '"format":"caselink-manifest/1",' +
        '"receiver":{"unitCode":"11330100002504333Q","unitId":"u-pro-1"},"scenario":"transfer-for-prosecution",' +
        '"sender":{"unitCode":"11330100002504325X","unitId":"u-pol-1"},"transferId":"tr-0001"}',
    );
    expect(manifestDigest(sample)).toBe(sm3Hex(Buffer.from(canonicalManifest(sample), 'utf8')));
    expect(manifestDigest(sample)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on document order, key order, extra properties or how the same instant is written', () => {
    const reordered = {
      scenario: sample.scenario,
      at: '2026-11-22T02:00:00Z',
      receiver: { unitCode: sample.receiver.unitCode, unitId: sample.receiver.unitId },
      sender: { ...sample.sender, name: '某市公安局' },
      documents: [...sample.documents]
        .reverse()
        .map((d) => ({ sm3: d.sm3.toLowerCase(), name: d.name, id: d.id, size: 1 })),
      transferId: sample.transferId,
      caseId: sample.caseId,
      note: 'not part of the manifest',
    } as Manifest;
    expect(canonicalManifest(reordered)).toBe(canonicalManifest(sample));
    for (const at of [
      '2026-11-22T02:00Z',
      '2026-11-22T02:00:00.000Z',
      '2026-11-22T02:00:00.0004Z',
      '2026-11-21T21:00:00-05:00',
    ]) {
      expect(manifestDigest({ ...sample, at })).toBe(manifestDigest(sample));
    }
  });

  it('is the same for any permutation of the documents', () => {
    const docArb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, unit: 'grapheme' }),
        name: fc.string({ minLength: 1 }),
        sm3: fc.stringMatching(/^[0-9a-f]{64}$/),
      }),
      { selector: (d) => d.id, maxLength: 8 },
    );
    fc.assert(
      fc.property(docArb, fc.nat(), (documents, seed) => {
        const shuffled = [...documents];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(canonicalManifest({ ...sample, documents: shuffled })).toBe(canonicalManifest({ ...sample, documents }));
      }),
      { numRuns: 100 },
    );
  });

  it('changes its digest when any field changes', () => {
    const changes: [string, (m: Manifest) => Manifest][] = [
      ['caseId', (m) => ({ ...m, caseId: 'case-0002' })],
      ['transferId', (m) => ({ ...m, transferId: 'tr-0002' })],
      ['scenario', (m) => ({ ...m, scenario: 'return-for-supplementary-investigation' })],
      ['at (one millisecond)', (m) => ({ ...m, at: '2026-11-22T10:00:00.001+08:00' })],
      ['sender.unitId', (m) => ({ ...m, sender: { ...m.sender, unitId: 'u-pol-2' } })],
      ['sender.unitCode', (m) => ({ ...m, sender: { ...m.sender, unitCode: '91350100M000100Y43' } })],
      ['receiver.unitId', (m) => ({ ...m, receiver: { ...m.receiver, unitId: 'u-pro-2' } })],
      ['receiver.unitCode', (m) => ({ ...m, receiver: { ...m.receiver, unitCode: '91350100M000100Y43' } })],
      ['sender and receiver swapped', (m) => ({ ...m, sender: m.receiver, receiver: m.sender })],
      ['a document id', (m) => ({ ...m, documents: [{ ...m.documents[0]!, id: 'doc-c' }, m.documents[1]!] })],
      [
        'a document name',
        (m) => ({ ...m, documents: [{ ...m.documents[0]!, name: '起诉意见书（修改）' }, m.documents[1]!] }),
      ],
      ['a document digest', (m) => ({ ...m, documents: [{ ...m.documents[0]!, sm3: sm3Hex('x') }, m.documents[1]!] })],
      [
        'digests exchanged between documents',
        (m) => ({
          ...m,
          documents: [
            { ...m.documents[0]!, sm3: m.documents[1]!.sm3 },
            { ...m.documents[1]!, sm3: m.documents[0]!.sm3 },
          ],
        }),
      ],
      ['a document removed', (m) => ({ ...m, documents: [m.documents[0]!] })],
      [
        'a document added',
        (m) => ({ ...m, documents: [...m.documents, { id: 'doc-c', name: '告知书', sm3: sm3Hex('y') }] }),
      ],
    ];
    const seen = new Set([manifestDigest(sample)]);
    for (const [, change] of changes) seen.add(manifestDigest(change(sample)));
    expect(seen.size).toBe(changes.length + 1);
  });

  it('changes its digest when any one string field gets any other value', () => {
    type Path = (m: Manifest, v: string) => Manifest;
    const paths: Path[] = [
      (m, v) => ({ ...m, caseId: v }),
      (m, v) => ({ ...m, transferId: v }),
      (m, v) => ({ ...m, scenario: v }),
      (m, v) => ({ ...m, sender: { ...m.sender, unitId: v } }),
      (m, v) => ({ ...m, sender: { ...m.sender, unitCode: v } }),
      (m, v) => ({ ...m, receiver: { ...m.receiver, unitId: v } }),
      (m, v) => ({ ...m, receiver: { ...m.receiver, unitCode: v } }),
      (m, v) => ({ ...m, documents: [{ ...m.documents[0]!, name: v }, m.documents[1]!] }),
    ];
    const original = [
      sample.caseId,
      sample.transferId,
      sample.scenario,
      sample.sender.unitId,
      sample.sender.unitCode,
      sample.receiver.unitId,
      sample.receiver.unitCode,
      sample.documents[0]!.name,
    ];
    fc.assert(
      fc.property(fc.nat(paths.length - 1), fc.string({ minLength: 1, unit: 'binary' }), (i, v) => {
        fc.pre(v !== original[i]);
        expect(manifestDigest(paths[i]!(sample, v))).not.toBe(manifestDigest(sample));
      }),
      { numRuns: 100 },
    );
  });

  it('cannot be forged by quotes or braces inside values', () => {
    const a = canonicalManifest({ ...sample, caseId: 'x","transferId":"y' });
    const b = canonicalManifest({ ...sample, caseId: 'x', transferId: 'y' });
    expect(a).not.toBe(b);
    expect(JSON.parse(a).caseId).toBe('x","transferId":"y');
  });

  it('is valid JSON that parses back to the normalized fields', () => {
    const parsed = JSON.parse(canonicalManifest(sample));
    expect(parsed.documents.map((d: { id: string }) => d.id)).toEqual(['doc-a', 'doc-b']);
    expect(parsed.documents[1].sm3).toBe(H1);
  });

  it('refuses invalid input with a ManifestError naming the field', () => {
    const bad: [unknown, RegExp][] = [
      [{ ...sample, caseId: '' }, /caseId must be a non-empty string/],
      [{ ...sample, transferId: 7 }, /transferId/],
      [{ ...sample, sender: null }, /sender must be an object/],
      [{ ...sample, receiver: { unitId: 'u' } }, /receiver.unitCode/],
      [{ ...sample, documents: 'doc' }, /documents must be an array/],
      [{ ...sample, documents: [null] }, /documents\[0\] must be an object/],
      [{ ...sample, documents: [{ id: 'd', name: 'n', sm3: 'abc' }] }, /documents\[0\].sm3 must be 64 hex digits/],
      [{ ...sample, documents: [sample.documents[0], { ...sample.documents[0] }] }, /lists document "doc-b" twice/],
      [{ ...sample, at: '2026-11-22T10:00:00' }, /with a zone/],
      [{ ...sample, at: '2026-11-22' }, /with a zone/],
      [{ ...sample, at: '2026-02-29T00:00:00Z' }, /with a zone/],
      [{ ...sample, at: '2026-04-31T00:00:00Z' }, /with a zone/],
      [{ ...sample, at: '2026-11-22T24:00:00Z' }, /with a zone/],
      [{ ...sample, at: 'yesterday' }, /with a zone/],
      [null, /must be an object/],
    ];
    for (const [m, message] of bad) {
      expect(() => canonicalManifest(m as Manifest)).toThrow(ManifestError);
      expect(() => canonicalManifest(m as Manifest)).toThrow(message);
    }
    expect(canonicalManifest({ ...sample, at: '2028-02-29T00:00:00Z' })).toContain('"at":"2028-02-29T00:00:00.000Z"');
  });
});
