import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyVaultError, loadMasterKey, openPrivateKey, sealPrivateKey } from './key-vault.ts';

const MASTER = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const KEY = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';

/*
 * Built with the OpenSSL command line, not with key-vault.ts, so the format is pinned independently:
 *   ENC=$(printf 'caselink/key-vault/v1/sm4-ctr'  | openssl dgst -sm3 -mac HMAC -macopt hexkey:$M) [first 16 bytes]
 *   MAC=$(printf 'caselink/key-vault/v1/hmac-sm3' | openssl dgst -sm3 -mac HMAC -macopt hexkey:$M)
 *   CT=$(<KEY bytes> | openssl enc -sm4-ctr -K $ENC -iv f0f1..ff -nopad)
 *   TAG=$(('v1' || iv || CT) | openssl dgst -sm3 -mac HMAC -macopt hexkey:$MAC)
 */
const SEALED_BY_OPENSSL =
  'v1:f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff:1ebc4fb6c40da738f37c503d5469a3baba085ea7128dc8a7c5ce39e517a2f786:' +
  'b324fb48d4d5707454727b8e8f3a6e1f561c2d2e1b5da6f9f9f7a3ec6b8e4845';

function flipHexAt(s: string, i: number): string {
  const c = s[i]!;
  return s.slice(0, i) + (c === '0' ? '1' : '0') + s.slice(i + 1);
}

describe('sealPrivateKey / openPrivateKey', () => {
  it('opens a value sealed by the OpenSSL command line (the format, pinned)', () => {
    expect(openPrivateKey(SEALED_BY_OPENSSL, MASTER)).toBe(KEY);
  });

  it('round-trips any key, with a fresh IV each time', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (k, m) => {
          const key = Buffer.from(k).toString('hex');
          const master = Buffer.from(m);
          const a = sealPrivateKey(key, master);
          const b = sealPrivateKey(key, master);
          expect(a).toMatch(/^v1:[0-9a-f]{32}:[0-9a-f]{64}:[0-9a-f]{64}$/);
          expect(a).not.toBe(b);
          expect(openPrivateKey(a, master)).toBe(key);
          expect(openPrivateKey(b, master)).toBe(key);
        },
      ),
      { numRuns: 50 },
    );
    expect(openPrivateKey(sealPrivateKey(KEY.toUpperCase(), MASTER), MASTER)).toBe(KEY);
  });

  it('never shows the key in the sealed value', () => {
    expect(sealPrivateKey(KEY, MASTER)).not.toContain(KEY.slice(0, 16));
  });

  it('throws on any changed character of IV, ciphertext or tag', () => {
    const sealed = sealPrivateKey(KEY, MASTER);
    for (let i = 3; i < sealed.length; i++) {
      if (sealed[i] === ':') continue;
      expect(() => openPrivateKey(flipHexAt(sealed, i), MASTER)).toThrow(/integrity check/);
    }
  });

  it('throws under another master key', () => {
    const other = Buffer.from(MASTER);
    other[31] = (other[31] ?? 0) ^ 1;
    expect(() => openPrivateKey(SEALED_BY_OPENSSL, other)).toThrow(KeyVaultError);
    expect(() => openPrivateKey(SEALED_BY_OPENSSL, other)).toThrow(/sealed under another master key/);
  });

  it('throws a clear error on a malformed or unknown value', () => {
    const [, iv, ct, mac] = SEALED_BY_OPENSSL.split(':');
    const cases: [string, RegExp][] = [
      ['', /unsupported sealed-key format/],
      ['v2:00:00:00', /unsupported sealed-key format "v2"/],
      [`V1:${iv}:${ct}:${mac}`, /unsupported/],
      [`v1:${iv}:${ct}`, /malformed/],
      [`v1:${iv}:${ct}:${mac}:`, /malformed/],
      [`v1:${iv}:${ct}00:${mac}`, /malformed/],
      [`v1:${iv}:${ct?.toUpperCase()}:${mac}`, /malformed/],
      [`v1:${iv}:${ct}:${mac?.slice(2)}`, /malformed/],
      [`v1:${ct}:${iv}:${mac}`, /malformed/],
      [`v1: ${iv}:${ct}:${mac}`, /malformed/],
    ];
    for (const [sealed, message] of cases) {
      expect(() => openPrivateKey(sealed, MASTER)).toThrow(message);
    }
    expect(() => openPrivateKey(42 as unknown as string, MASTER)).toThrow(/not a string/);
  });

  it('refuses a master key that is not 32 bytes, and a key to seal that is not 64 hex digits', () => {
    for (const bad of [Buffer.alloc(16), Buffer.alloc(33), 'x'.repeat(32) as unknown as Buffer]) {
      expect(() => sealPrivateKey(KEY, bad)).toThrow(/master key must be 32 bytes/);
      expect(() => openPrivateKey(SEALED_BY_OPENSSL, bad)).toThrow(/master key must be 32 bytes/);
    }
    for (const bad of ['', KEY.slice(2), `${KEY}00`, `${KEY.slice(1)}g`]) {
      expect(() => sealPrivateKey(bad, MASTER)).toThrow(/64 hex digits/);
    }
  });
});

describe('loadMasterKey', () => {
  const root = mkdtempSync(join(tmpdir(), 'caselink-key-vault-'));
  let n = 0;
  const freshDir = () => join(root, `d${n++}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes CASELINK_MASTER_KEY when set, and writes no file', () => {
    const dir = freshDir();
    const hex = MASTER.toString('hex');
    expect(loadMasterKey({ CASELINK_MASTER_KEY: hex }, dir).equals(MASTER)).toBe(true);
    expect(loadMasterKey({ CASELINK_MASTER_KEY: ` ${hex.toUpperCase()}\n` }, dir).equals(MASTER)).toBe(true);
    expect(() => statSync(dir)).toThrow();
  });

  it('refuses a variable that is not 64 hex digits, including an empty one', () => {
    for (const bad of ['', '  ', 'abc', MASTER.toString('hex').slice(1), `${MASTER.toString('hex')}00`]) {
      expect(() => loadMasterKey({ CASELINK_MASTER_KEY: bad }, freshDir())).toThrow(
        /CASELINK_MASTER_KEY must be 64 hex digits/,
      );
    }
  });

  it('creates <dataDir>/keys/master.key with mode 0600 on first use and reuses it', () => {
    const dir = freshDir();
    const first = loadMasterKey({}, dir);
    expect(first).toHaveLength(32);
    const file = join(dir, 'keys', 'master.key');
    expect(readFileSync(file, 'utf8')).toBe(`${first.toString('hex')}\n`);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'keys')).mode & 0o077).toBe(0);
    }
    expect(readdirSync(join(dir, 'keys'))).toEqual(['master.key']); // no temporary file left behind
    expect(loadMasterKey({}, dir).equals(first)).toBe(true);
    expect(loadMasterKey({}, freshDir()).equals(first)).toBe(false);
    // keys sealed under it open after a restart
    expect(openPrivateKey(sealPrivateKey(KEY, first), loadMasterKey({}, dir))).toBe(KEY);
  });

  it.skipIf(process.platform === 'win32')('refuses a key file others can read', () => {
    const dir = freshDir();
    loadMasterKey({}, dir);
    const file = join(dir, 'keys', 'master.key');
    chmodSync(file, 0o644);
    expect(() => loadMasterKey({}, dir)).toThrow(/readable by others; run chmod 600/);
  });

  it('refuses a key file that does not hold a key', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'master.key'), 'not a key\n', { mode: 0o600 });
    expect(() => loadMasterKey({}, dir)).toThrow(/must hold 64 hex digits/);
  });
});
