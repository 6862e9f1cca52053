import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Units' SM2 private keys at rest, sealed under one master key with national algorithms only:
 *
 *   enc key = HMAC-SM3(master, "caselink/key-vault/v1/sm4-ctr")[0..16)    (SM4 takes 128-bit keys)
 *   mac key = HMAC-SM3(master, "caselink/key-vault/v1/hmac-sm3")
 *   sealed  = "v1:" iv ":" SM4-CTR(enc key, iv, d) ":" HMAC-SM3(mac key, "v1" || iv || ciphertext)
 *
 * all in lower-case hex, with a fresh random 16-byte IV each time (encrypt-then-MAC: the tag is checked
 * before anything is decrypted). The two derived keys keep the cipher and the MAC from ever sharing a key.
 * A wrong master key and a tampered value both fail the tag check; neither can return a different key.
 */

export class KeyVaultError extends Error {
  override name = 'KeyVaultError';
}

const VERSION = 'v1';
const ENC_LABEL = 'caselink/key-vault/v1/sm4-ctr';
const MAC_LABEL = 'caselink/key-vault/v1/hmac-sm3';
const KEY_HEX_RE = /^[0-9a-fA-F]{64}$/;
const SEALED_RE = /^v1:([0-9a-f]{32}):([0-9a-f]{64}):([0-9a-f]{64})$/;

export const MASTER_KEY_ENV = 'CASELINK_MASTER_KEY';

/** Seals a 32-byte private key (64 hex digits) as `v1:<iv>:<ciphertext>:<tag>`. */
export function sealPrivateKey(privateKeyHex: string, masterKey: Buffer): string {
  if (typeof privateKeyHex !== 'string' || !KEY_HEX_RE.test(privateKeyHex)) {
    throw new KeyVaultError('key vault: the private key to seal must be 64 hex digits');
  }
  const { encKey, macKey } = subkeys(masterKey);
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-ctr', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKeyHex, 'hex')), cipher.final()]);
  return `${VERSION}:${iv.toString('hex')}:${ciphertext.toString('hex')}:${tag(macKey, iv, ciphertext).toString('hex')}`;
}

/** The private key (lower-case hex) inside a sealed value; throws KeyVaultError if it cannot be trusted. */
export function openPrivateKey(sealed: string, masterKey: Buffer): string {
  const { encKey, macKey } = subkeys(masterKey);
  if (typeof sealed !== 'string') throw new KeyVaultError('key vault: the sealed key is not a string');
  const version = sealed.split(':', 1)[0];
  if (version !== VERSION) {
    throw new KeyVaultError(`key vault: unsupported sealed-key format "${version?.slice(0, 8)}" (expected ${VERSION})`);
  }
  const m = SEALED_RE.exec(sealed);
  if (!m)
    throw new KeyVaultError('key vault: the sealed key is malformed (expected v1:<iv>:<ciphertext>:<tag> in hex)');
  const iv = Buffer.from(m[1]!, 'hex');
  const ciphertext = Buffer.from(m[2]!, 'hex');
  if (!timingSafeEqual(tag(macKey, iv, ciphertext), Buffer.from(m[3]!, 'hex'))) {
    throw new KeyVaultError(
      'key vault: the sealed key fails its integrity check (it was altered, or sealed under another master key)',
    );
  }
  const decipher = createDecipheriv('sm4-ctr', encKey, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('hex');
}

/**
 * The 32-byte master key: from CASELINK_MASTER_KEY (64 hex digits) when it is set, otherwise from
 * `<dataDir>/keys/master.key`, which is created (mode 0600, folder 0700) on first use. Production sets the
 * variable from a secret store (KMS, vault, a mounted secret) so that the key never lies beside the data it
 * protects; the file is for development, demos and single-machine installs. `env` is passed in by the
 * caller (config reads process.env). A variable that is set but empty is an error rather than a silent
 * fall-back to the file, which would seal new keys under a different master key.
 */
export function loadMasterKey(env: Readonly<Record<string, string | undefined>>, dataDir: string): Buffer {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined) {
    const hex = fromEnv.trim();
    if (!KEY_HEX_RE.test(hex)) {
      throw new KeyVaultError(
        `${MASTER_KEY_ENV} must be 64 hex digits (32 bytes)${hex === '' ? ', but it is empty' : ''}`,
      );
    }
    return Buffer.from(hex, 'hex');
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'master.key');
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written whole under a temporary name, then linked into place: link() fails if the name exists, so two
  // processes starting at once agree on one key and neither can read a half-written file.
  const tmp = join(dir, `.master.key.${process.pid}.${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const created = readKeyFile(file);
  if (!created) throw new KeyVaultError(`key vault: could not create ${file}`);
  return created;
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new KeyVaultError(`key vault: ${file} is readable by others; run chmod 600 on it`);
  }
  const hex = text.trim();
  if (!KEY_HEX_RE.test(hex)) throw new KeyVaultError(`key vault: ${file} must hold 64 hex digits`);
  return Buffer.from(hex, 'hex');
}

function subkeys(masterKey: Buffer): { encKey: Buffer; macKey: Buffer } {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32) {
    throw new KeyVaultError('key vault: the master key must be 32 bytes');
  }
  return {
    encKey: createHmac('sm3', masterKey).update(ENC_LABEL).digest().subarray(0, 16),
    macKey: createHmac('sm3', masterKey).update(MAC_LABEL).digest(),
  };
}

function tag(macKey: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  return createHmac('sm3', macKey).update(VERSION).update(iv).update(ciphertext).digest();
}
