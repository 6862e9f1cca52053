import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { sm2 as lib } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  generateSm2KeyPair,
  SM2_DEFAULT_USER_ID,
  sm2Digest,
  sm2PublicKeyFromPrivate,
  sm2SignatureFromDer,
  sm2SignatureToDer,
  sm2Sign,
  sm2Verify,
} from './sm2.ts';

/*
 * The signature example on the recommended curve sm2p256v1: GM/T 0003.5-2012 and GB/T 32918.5-2017,
 * Annex A (user ID "1234567812345678", message "message digest"). Values checked against the tests of
 * OpenSSL (openssl/openssl, test/sm2_internal_test.c, sm2_sig_test: private key, k, r, s) and of
 * GmSSL (guanzhi/GmSSL, an early crypto/sm2/sm2test.c: Z_A, e, r, s), which agree.
 */
const STD = {
  privateKey: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  publicKey:
    '04' +
    '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020' +
    'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  message: 'message digest',
  za: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
  e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const STD_SIG = sm2SignatureToDer(STD.r, STD.s);

describe('SM2: the standard example (GB/T 32918.5-2017 Annex A, sm2p256v1, ID 1234567812345678)', () => {
  it('uses the default ID of GM/T 0009', () => {
    expect(SM2_DEFAULT_USER_ID).toBe('1234567812345678');
  });

  it('derives the published public key from the private key', () => {
    expect(sm2PublicKeyFromPrivate(STD.privateKey)).toBe(STD.publicKey.toLowerCase());
  });

  it('computes the published e = SM3(Z_A || M)', () => {
    expect(sm2Digest(STD.publicKey, STD.message)).toBe(STD.e.toLowerCase());
    expect(sm2Digest(STD.publicKey, Buffer.from(STD.message))).toBe(STD.e.toLowerCase());
  });

  it('verifies the published (r, s) against the published public key', () => {
    expect(STD_SIG).toBe(
      `3046022100${STD.r}022100${STD.s}`.toLowerCase(), // both start with a byte >= 0x80: 00-padded
    );
    expect(sm2Verify(STD.publicKey, STD.message, STD_SIG)).toBe(true);
    expect(sm2Verify(STD.publicKey.toLowerCase(), new TextEncoder().encode(STD.message), STD_SIG)).toBe(true);
  });

  it('gives the same answers for a key met again (verified then with precomputed tables)', () => {
    const other = generateSm2KeyPair();
    const forged = sm2SignatureToDer(STD.s, STD.r);
    // the first call verifies from the hex, the second precomputes, the later ones use the tables
    for (let i = 0; i < 4; i++) {
      expect(sm2Verify(STD.publicKey, STD.message, STD_SIG), `round ${i}`).toBe(true);
      expect(sm2Verify(STD.publicKey, `${STD.message}!`, STD_SIG), `round ${i}`).toBe(false);
      expect(sm2Verify(STD.publicKey, STD.message, forged), `round ${i}`).toBe(false);
      expect(sm2Verify(other.publicKeyHex, STD.message, STD_SIG), `round ${i}`).toBe(false);
    }
  });

  it('reproduces (r, s) exactly when the library is given the published k', () => {
    // The library takes precomputed (k, x1 of [k]G) pairs; sm2.ts never exposes a fixed k.
    const kG = lib.getPublicKeyFromPrivateKey(STD.k.toLowerCase());
    const point = { k: BigInt(`0x${STD.k}`), x1: BigInt(`0x${kG.slice(2, 66)}`) };
    const e = Buffer.from(sm2Digest(STD.publicKey, STD.message), 'hex');
    const rs = lib.doSignature(e, STD.privateKey.toLowerCase(), { hash: false, pointPool: [point] });
    expect(rs).toBe((STD.r + STD.s).toLowerCase());
  });

  it('rejects the published signature under another ID, message or key', () => {
    expect(sm2Verify(STD.publicKey, STD.message, STD_SIG, '')).toBe(false);
    expect(sm2Verify(STD.publicKey, STD.message, STD_SIG, 'ALICE123@YAHOO.COM')).toBe(false);
    expect(sm2Verify(STD.publicKey, 'message digesT', STD_SIG)).toBe(false);
    expect(sm2Verify(generateSm2KeyPair().publicKeyHex, STD.message, STD_SIG)).toBe(false);
  });

  it('signs so that the standard verification (with the published key) accepts', () => {
    const sig = sm2Sign(STD.privateKey, STD.message);
    expect(sm2Verify(STD.publicKey, STD.message, sig)).toBe(true);
    expect(sig).not.toBe(STD_SIG); // k is random
  });
});

describe('SM2: sign and verify', () => {
  const alice = generateSm2KeyPair();
  const bob = generateSm2KeyPair();

  it('generates keys in the documented form', () => {
    expect(alice.privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(alice.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/);
    expect(sm2PublicKeyFromPrivate(alice.privateKeyHex)).toBe(alice.publicKeyHex);
    expect(alice.privateKeyHex).not.toBe(bob.privateKeyHex);
  });

  it('round-trips any message and ID; every change makes verification fail', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ maxLength: 40, unit: 'grapheme' }),
        fc.nat(),
        (message, userId, pick) => {
          const sig = sm2Sign(alice.privateKeyHex, message, userId);
          expect(sm2SignatureFromDer(sig)).not.toBeNull();
          expect(sm2Verify(alice.publicKeyHex, message, sig, userId)).toBe(true);

          const changed = new Uint8Array([...message, 0]);
          expect(sm2Verify(alice.publicKeyHex, changed, sig, userId)).toBe(false);
          if (message.length > 0) {
            const flipped = Uint8Array.from(message);
            const i = pick % flipped.length;
            flipped[i] = (flipped[i] ?? 0) ^ (1 << (pick % 8));
            expect(sm2Verify(alice.publicKeyHex, flipped, sig, userId)).toBe(false);
          }
          expect(sm2Verify(alice.publicKeyHex, message, sig, `${userId}x`)).toBe(false);
          expect(sm2Verify(bob.publicKeyHex, message, sig, userId)).toBe(false);

          const bytes = Buffer.from(sig, 'hex');
          const at = pick % bytes.length;
          bytes[at] = (bytes[at] ?? 0) ^ (1 << ((pick >> 3) % 8));
          expect(sm2Verify(alice.publicKeyHex, message, bytes.toString('hex'), userId)).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('treats a string message as its UTF-8 bytes', () => {
    const sig = sm2Sign(alice.privateKeyHex, '移送审查起诉 案件 A-1');
    expect(sm2Verify(alice.publicKeyHex, Buffer.from('移送审查起诉 案件 A-1', 'utf8'), sig)).toBe(true);
  });

  it('accepts the empty ID and an ID of 8191 bytes, refuses to sign with a longer one', () => {
    for (const id of ['', 'x'.repeat(8191)]) {
      expect(sm2Verify(alice.publicKeyHex, 'm', sm2Sign(alice.privateKeyHex, 'm', id), id)).toBe(true);
    }
    expect(() => sm2Sign(alice.privateKeyHex, 'm', 'x'.repeat(8192))).toThrow(/8191 bytes/);
    const sig = sm2Sign(alice.privateKeyHex, 'm');
    expect(sm2Verify(alice.publicKeyHex, 'm', sig, 'x'.repeat(8192))).toBe(false);
  });
});

describe('SM2: malformed input', () => {
  const { privateKeyHex, publicKeyHex } = generateSm2KeyPair();
  const sig = sm2Sign(privateKeyHex, 'doc');
  const { r, s } = sm2SignatureFromDer(sig)!;
  const N = 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123';

  it('verification returns false, never throws, for a bad signature', () => {
    const bad: unknown[] = [
      '',
      'zz',
      '30',
      sig.slice(0, -2), // truncated
      `${sig}00`, // trailing byte
      sig.toUpperCase().replace(/^30/, '31'), // not a SEQUENCE
      `${r}${s}`, // bare r || s is not DER
      sm2SignatureToDer(s, r), // swapped
      '3006020100020101', // r = 0
      `3026022000${'0'.repeat(62)}01020101`, // non-minimal INTEGER
      '3006020180020101', // r = 0x80 without its 00: a negative INTEGER
      `3046022100${N}022100${s}`, // r = n
      `3081${sig.slice(2)}`, // long-form length
      'a'.repeat(1_000_000),
      null,
      undefined,
      42,
      { r, s },
    ];
    for (const b of bad) {
      expect(sm2Verify(publicKeyHex, 'doc', b as string)).toBe(false);
    }
    expect(sm2Verify(publicKeyHex, 'doc', sig)).toBe(true);
  });

  it('verification returns false for a bad public key, message or ID', () => {
    const x = publicKeyHex.slice(2, 66);
    const y = publicKeyHex.slice(66);
    const notOnCurve = `04${x}${(BigInt(`0x${y}`) ^ 1n).toString(16).padStart(64, '0')}`;
    const compressed = `0${BigInt(`0x${y}`) & 1n ? 3 : 2}${x}`;
    for (const key of ['', '04', publicKeyHex.slice(2), `05${x}${y}`, notOnCurve, compressed, `04${'0'.repeat(128)}`]) {
      expect(sm2Verify(key, 'doc', sig)).toBe(false);
    }
    expect(sm2Verify(null as unknown as string, 'doc', sig)).toBe(false);
    expect(sm2Verify(publicKeyHex, 42 as unknown as string, sig)).toBe(false);
    expect(sm2Verify(publicKeyHex, 'doc', sig, 7 as unknown as string)).toBe(false);
  });

  it('signing and key derivation throw for a bad private key', () => {
    const nMinus1 = (BigInt(`0x${N}`) - 1n).toString(16);
    for (const key of ['', '00'.repeat(32), N, nMinus1, privateKeyHex.slice(2), `${privateKeyHex}00`, 'g'.repeat(64)]) {
      expect(() => sm2Sign(key, 'doc')).toThrow(/SM2 private key/);
      expect(() => sm2PublicKeyFromPrivate(key)).toThrow(/SM2 private key/);
    }
  });

  it('the DER helpers refuse out-of-range components', () => {
    expect(() => sm2SignatureToDer('0', s)).toThrow(/out of range/);
    expect(() => sm2SignatureToDer(N, s)).toThrow(/out of range/);
    expect(() => sm2SignatureToDer('xyz', s)).toThrow(/hex digits/);
    expect(sm2SignatureFromDer(sm2SignatureToDer('1', '7f'))).toEqual({
      r: '1'.padStart(64, '0'),
      s: '7f'.padStart(64, '0'),
    });
  });
});

describe("SM2: Node's built-in signer (for interoperability notes)", () => {
  // The standard key as SEC1 / SPKI DER with the SM2 curve OID 1.2.156.10197.1.301.
  const oid = '06082a811ccf5501822d';
  const nodeKey = createPrivateKey({
    key: Buffer.from(`30310201010420${STD.privateKey}a00a${oid}`, 'hex'),
    format: 'der',
    type: 'sec1',
  });
  const nodePub = createPublicKey({
    key: Buffer.from(`3059301306072a8648ce3d0201${oid}034200${STD.publicKey}`, 'hex'),
    format: 'der',
    type: 'spki',
  });
  const message = Buffer.from(STD.message);

  it('signs over an empty user ID, not the standard one, and so rejects the standard example', () => {
    const sig = nodeSign(null, message, { key: nodeKey, dsaEncoding: 'der' }).toString('hex');
    expect(sm2Verify(STD.publicKey, message, sig, '')).toBe(true);
    expect(sm2Verify(STD.publicKey, message, sig)).toBe(false);
    expect(nodeVerify(null, message, { key: nodePub, dsaEncoding: 'der' }, Buffer.from(STD_SIG, 'hex'))).toBe(false);
    const ours = sm2Sign(STD.privateKey, message, '');
    expect(nodeVerify(null, message, { key: nodePub, dsaEncoding: 'der' }, Buffer.from(ours, 'hex'))).toBe(true);
  });
});
