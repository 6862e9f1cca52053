import { createHash, randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 digital signatures (GB/T 32918.2-2016, GM/T 0003.2-2012) on the recommended curve sm2p256v1
 * (GB/T 32918.5-2017), with the signer's distinguishing identifier folded in the standard way:
 *
 *   Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)   (ENTL_A: bit length of ID_A, 2 bytes)
 *   e   = SM3(Z_A || M)
 *
 * and (r, s) computed over e. Both hashes use node:crypto's SM3; the curve arithmetic comes from
 * `sm-crypto-v2` (TypeScript, on @noble/curves), given e directly. Node's own `crypto.sign` is not used:
 * with an SM2 key (Node 20, OpenSSL 3.0) it computes Z_A over an empty ID, which cannot be changed from
 * JavaScript, so it rejects the standard's example and its signatures verify here only with userId ''
 * (sm2.test.ts shows both).
 *
 * Keys are hex: a private key is 32 bytes (64 hex digits), a public key the uncompressed point
 * 04 || x || y (130 hex digits). Signatures are hex of the DER encoding of GM/T 0009-2012's
 * `SM2Signature ::= SEQUENCE { R INTEGER, S INTEGER }`, the form OpenSSL, GmSSL, BouncyCastle and
 * certificate and CMS (GM/T 0010) structures carry, rather than the bare 64-byte r || s.
 */

/** The default distinguishing identifier of GM/T 0009-2012 §10 (and the standard's worked example). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// sm2p256v1 domain parameters, GB/T 32918.5-2017 (only those that enter Z_A, and the order n).
const CURVE_A = 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc';
const CURVE_B = '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93';
const CURVE_GX = '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7';
const CURVE_GY = 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0';
const CURVE_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** ENTL_A is two bytes of bit length, so an ID may have at most 8191 bytes. */
const MAX_USER_ID_BYTES = 0xffff >> 3;

const PRIVATE_KEY_RE = /^[0-9a-fA-F]{64}$/;
const PUBLIC_KEY_RE = /^04[0-9a-fA-F]{128}$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

export interface Sm2KeyPair {
  privateKeyHex: string;
  /** Uncompressed point 04 || x || y, lower-case hex. */
  publicKeyHex: string;
}

/** A fresh key pair; d is drawn from node:crypto's CSPRNG, uniformly in [1, n-2] as GB/T 32918.1 asks. */
export function generateSm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const d = BigInt(`0x${randomBytes(32).toString('hex')}`);
    if (d >= 1n && d <= CURVE_N - 2n) {
      const privateKeyHex = d.toString(16).padStart(64, '0');
      return { privateKeyHex, publicKeyHex: sm2.getPublicKeyFromPrivateKey(privateKeyHex) };
    }
  }
}

/** The public key P = [d]G of a private key, as 04 || x || y. Throws on a malformed or out-of-range key. */
export function sm2PublicKeyFromPrivate(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(normalizePrivateKey(privateKeyHex));
}

/**
 * The value e = SM3(Z_A || M) that an SM2 signature covers, as hex. Exposed so that a record of what was
 * signed can be kept and compared with other implementations; sm2Sign and sm2Verify compute it themselves.
 */
export function sm2Digest(publicKeyHex: string, message: Uint8Array | string, userId = SM2_DEFAULT_USER_ID): string {
  if (!PUBLIC_KEY_RE.test(publicKeyHex)) throw new Error('SM2 public key must be 04 || x || y in 130 hex digits');
  return digest(publicKeyHex.toLowerCase(), userIdBytes(userId), message).toString('hex');
}

/**
 * Signs `message` (UTF-8 when a string) with the standard's pre-hash e = SM3(Z_A || M) for `userId`;
 * returns the DER-encoded SM2Signature as lower-case hex. Throws on a malformed private key or an ID
 * longer than 8191 bytes.
 */
export function sm2Sign(privateKeyHex: string, message: Uint8Array | string, userId = SM2_DEFAULT_USER_ID): string {
  const d = normalizePrivateKey(privateKeyHex);
  const e = digest(sm2.getPublicKeyFromPrivateKey(d), userIdBytes(userId), message);
  // hash: false because e is already the standard's pre-hash; with hash: true the library would hash again.
  const rs = sm2.doSignature(e, d, { hash: false, der: false });
  return sm2SignatureToDer(rs.slice(0, 64), rs.slice(64));
}

/**
 * Whether `signature` (hex of a DER SM2Signature) is a valid signature of `message` by the holder of
 * `publicKeyHex` under `userId`. Never throws: a malformed key, signature or ID gives false. The DER must be
 * canonical (minimal lengths and integers, nothing trailing) and 1 <= r, s <= n-1, so a signature has one
 * accepted encoding.
 */
export function sm2Verify(
  publicKeyHex: string,
  message: Uint8Array | string,
  signature: string,
  userId = SM2_DEFAULT_USER_ID,
): boolean {
  try {
    if (typeof publicKeyHex !== 'string' || !PUBLIC_KEY_RE.test(publicKeyHex)) return false;
    const rs = sm2SignatureFromDer(signature);
    if (rs === null) return false;
    const publicKey = publicKeyHex.toLowerCase();
    const e = digest(publicKey, userIdBytes(userId), message);
    // The library checks that the key is a point on the curve (and throws if not: caught below).
    return sm2.doVerifySignature(e, rs.r + rs.s, verificationKey(publicKey), { hash: false, der: false });
  } catch {
    return false;
  }
}

// Verification multiplies the signer's public key by a scalar, which the library does from scratch each time
// (about 11 ms). A key met a second time gets window tables (precomputePublicKey: a few ms, once), after which
// its verifications take about 2 ms: a unit's key verifies every transfer it sends, twice on acceptance. Keys are
// public, so timing is no concern; both sets are bounded (about 130 KB of tables a key at this window size).
const PRECOMPUTE_WINDOW = 4;
const PRECOMPUTED_KEYS_MAX = 256;
const keysSeenOnce = new Set<string>();
const precomputedKeys = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();

/** The public key as the library verifies with it: the hex the first time, precomputed tables after. */
function verificationKey(publicKey: string): string | ReturnType<typeof sm2.precomputePublicKey> {
  const tables = precomputedKeys.get(publicKey);
  if (tables) return tables;
  if (!keysSeenOnce.has(publicKey)) {
    if (keysSeenOnce.size >= PRECOMPUTED_KEYS_MAX) keysSeenOnce.clear();
    keysSeenOnce.add(publicKey);
    return publicKey;
  }
  keysSeenOnce.delete(publicKey);
  // throws for a point off the curve, before anything is kept
  const point = sm2.precomputePublicKey(publicKey, PRECOMPUTE_WINDOW);
  if (precomputedKeys.size >= PRECOMPUTED_KEYS_MAX) precomputedKeys.delete(precomputedKeys.keys().next().value!);
  precomputedKeys.set(publicKey, point);
  return point;
}

/** DER SM2Signature (hex) from r and s given as hex (each at most 32 bytes, 1 <= r, s <= n-1). */
export function sm2SignatureToDer(rHex: string, sHex: string): string {
  const parts = [rHex, sHex].map((h) => {
    if (!/^[0-9a-fA-F]{1,64}$/.test(h)) throw new Error('SM2 signature component must be 1 to 64 hex digits');
    const v = BigInt(`0x${h}`);
    if (v < 1n || v >= CURVE_N) throw new Error('SM2 signature component out of range');
    let hex = v.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    // A DER INTEGER is signed: a leading byte >= 0x80 needs a 00 before it.
    if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
    return `02${byteHex(hex.length / 2)}${hex}`;
  });
  const body = parts.join('');
  return `30${byteHex(body.length / 2)}${body}`;
}

/**
 * r and s (64 hex digits each, lower case) of a DER SM2Signature given as hex, or null when it is not the
 * canonical DER of two integers in [1, n-1].
 */
export function sm2SignatureFromDer(signatureHex: string): { r: string; s: string } | null {
  if (typeof signatureHex !== 'string' || signatureHex.length > 2 * 72 || !HEX_RE.test(signatureHex)) return null;
  const bytes = Buffer.from(signatureHex, 'hex');
  // At most 2 + 2 * (2 + 33) = 72 bytes, so every length is in DER's short form.
  if (bytes.length < 8 || bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) return null;
  let at = 2;
  const ints: string[] = [];
  for (let i = 0; i < 2; i++) {
    if (bytes[at] !== 0x02) return null;
    const len = bytes[at + 1] ?? 0;
    if (len < 1 || len > 33 || at + 2 + len > bytes.length) return null;
    const v = bytes.subarray(at + 2, at + 2 + len);
    const first = v[0] ?? 0;
    if (first >= 0x80) return null; // negative
    if (first === 0 && (len === 1 || (v[1] ?? 0) < 0x80)) return null; // not minimal (or zero)
    const n = BigInt(`0x${v.toString('hex')}`);
    if (n < 1n || n >= CURVE_N) return null;
    ints.push(n.toString(16).padStart(64, '0'));
    at += 2 + len;
  }
  if (at !== bytes.length) return null;
  return { r: ints[0]!, s: ints[1]! };
}

function normalizePrivateKey(privateKeyHex: string): string {
  if (typeof privateKeyHex !== 'string' || !PRIVATE_KEY_RE.test(privateKeyHex)) {
    throw new Error('SM2 private key must be 64 hex digits');
  }
  const d = BigInt(`0x${privateKeyHex}`);
  // d = n-1 is excluded too: signing divides by 1 + d.
  if (d < 1n || d > CURVE_N - 2n) throw new Error('SM2 private key is out of range [1, n-2]');
  return privateKeyHex.toLowerCase();
}

function userIdBytes(userId: string): Buffer {
  if (typeof userId !== 'string') throw new Error('SM2 user ID must be a string');
  const id = Buffer.from(userId, 'utf8');
  if (id.length > MAX_USER_ID_BYTES) throw new Error(`SM2 user ID must be at most ${MAX_USER_ID_BYTES} bytes`);
  return id;
}

/** e = SM3(Z_A || M), Z_A as in the module comment; `publicKey` is validated 04 || x || y lower-case hex. */
function digest(publicKey: string, id: Buffer, message: Uint8Array | string): Buffer {
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  const z = createHash('sm3')
    .update(entl)
    .update(id)
    .update(Buffer.from(CURVE_A + CURVE_B + CURVE_GX + CURVE_GY + publicKey.slice(2), 'hex'))
    .digest();
  return createHash('sm3')
    .update(z)
    .update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message)
    .digest();
}

function byteHex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
