import { sm3Hex } from './sm3.ts';

/**
 * The manifest a sending unit signs (SM2 over SM3) when it transfers a case or issues a decision document:
 * one byte string that sender and receiver compute alike from the same data.
 *
 * Canonical form: UTF-8 JSON without whitespace, object keys sorted (by UTF-16 code units, as RFC 8785),
 * documents sorted by id, only the fields named here (extra properties of the input are left out), and a
 * constant `format` member so that a signature over a manifest cannot be taken for one over anything else
 * and a later layout can be told apart. Strings are JSON-escaped by JSON.stringify (deterministic) and
 * otherwise taken as stored: no Unicode normalization, so the manifest covers exactly what was stored.
 * Two values are normalized because equal data may be written differently: `sm3` digests to lower case,
 * and `at` to the UTC form of Date#toISOString (so "2026-11-22T10:00:00+08:00" and
 * "2026-11-22T02:00:00.000Z" give the same manifest; precision below a millisecond is dropped).
 */

export const MANIFEST_FORMAT = 'caselink-manifest/1';

export interface ManifestDocument {
  id: string;
  name: string;
  /** SM3 of the document's bytes, 64 hex digits. */
  sm3: string;
}

export interface ManifestParty {
  unitId: string;
  unitCode: string;
}

export interface Manifest {
  caseId: string;
  transferId: string;
  documents: ManifestDocument[];
  sender: ManifestParty;
  receiver: ManifestParty;
  /** ISO 8601 instant with a zone designator (Z or ±hh:mm). */
  at: string;
  scenario: string;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The canonical bytes (as a string; encode as UTF-8) of a manifest. Throws ManifestError on invalid input. */
export function canonicalManifest(m: Manifest): string {
  if (!isObject(m)) throw new ManifestError('manifest must be an object');
  if (!Array.isArray(m.documents)) throw new ManifestError('manifest.documents must be an array');
  const documents = m.documents.map((d, i) => {
    if (!isObject(d)) throw new ManifestError(`manifest.documents[${i}] must be an object`);
    const sm3 = text(d.sm3, `documents[${i}].sm3`);
    if (!/^[0-9a-fA-F]{64}$/.test(sm3)) throw new ManifestError(`manifest.documents[${i}].sm3 must be 64 hex digits`);
    return { id: text(d.id, `documents[${i}].id`), name: text(d.name, `documents[${i}].name`), sm3: sm3.toLowerCase() };
  });
  documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < documents.length; i++) {
    if (documents[i]!.id === documents[i - 1]!.id) {
      throw new ManifestError(`manifest lists document ${JSON.stringify(documents[i]!.id)} twice`);
    }
  }
  return canonicalJson({
    format: MANIFEST_FORMAT,
    caseId: text(m.caseId, 'caseId'),
    transferId: text(m.transferId, 'transferId'),
    documents,
    sender: party(m.sender, 'sender'),
    receiver: party(m.receiver, 'receiver'),
    at: instant(m.at),
    scenario: text(m.scenario, 'scenario'),
  });
}

/** SM3 (hex) of the canonical manifest's UTF-8 bytes: what the sending unit's SM2 signature covers. */
export function manifestDigest(m: Manifest): string {
  return sm3Hex(Buffer.from(canonicalManifest(m), 'utf8'));
}

type Json = string | Json[] | { [key: string]: Json };

function canonicalJson(v: Json): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`).join(',')}}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new ManifestError(`manifest.${field} must be a non-empty string`);
  return v;
}

function party(v: unknown, field: string): { unitId: string; unitCode: string } {
  if (!isObject(v)) throw new ManifestError(`manifest.${field} must be an object`);
  return { unitId: text(v.unitId, `${field}.unitId`), unitCode: text(v.unitCode, `${field}.unitCode`) };
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function instant(v: unknown): string {
  const s = text(v, 'at');
  const m = ISO_INSTANT.exec(s);
  // Date.parse alone would roll 2026-02-30 over to March 2: check the fields first.
  if (!m || !fieldsInRange(m.slice(1).map((x) => Number(x ?? 0)))) {
    throw new ManifestError(
      `manifest.at must be an ISO 8601 instant with a zone (Z or ±hh:mm), got ${JSON.stringify(s)}`,
    );
  }
  return new Date(Date.parse(s)).toISOString();
}

function fieldsInRange([y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, oh = 0, om = 0]: number[]): boolean {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && sec <= 59 && oh <= 23 && om <= 59;
}
