import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { AppError } from '../../shared/errors.ts';
import { sm3Hex } from '../../shared/sm3.ts';

/**
 * Content-addressed storage of documents: each file is stored once, under the SM3 digest of its bytes
 * (GB/T 32905-2016), and is never changed afterwards. A file is either whole under its name or absent:
 * the filesystem store writes a temporary file, fsyncs it, then links it into place; S3 PUTs are atomic.
 * Reads re-compute the digest, so a damaged file is reported (DOCUMENT_CORRUPT), never served.
 */
export interface StoredFile {
  sm3: string;
  size: number;
  /** True when the store already held these bytes (nothing was written). */
  existed: boolean;
}

export interface FileStore {
  put(bytes: Uint8Array): Promise<StoredFile>;
  /** The bytes stored under a digest: NOT_FOUND when absent, DOCUMENT_CORRUPT when they no longer match it. */
  get(sm3: string): Promise<Uint8Array>;
  has(sm3: string): Promise<boolean>;
  /** Every digest held, for backup and audit; unordered across stores, sorted within the filesystem store. */
  list(): AsyncIterable<string>;
}

const DIGEST = /^[0-9a-f]{64}$/;
const FAN_OUT = /^[0-9a-f]{2}$/;
const TEMPORARY_PREFIX = '.tmp-';

export function isSm3Digest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

/** Digests come from requests and the database: checked before they become a path or a key. */
function checkDigest(sm3: string): void {
  if (!isSm3Digest(sm3)) throw new AppError('DOCUMENT_DIGEST_INVALID', { sm3: String(sm3).slice(0, 80) });
}

/** `sm3/ab/cd/<digest>`: two levels of 256 folders keep each folder small at millions of files. */
function relativeKey(sm3: string): string {
  return `sm3/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function asPlainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function verified(sm3: string, bytes: Uint8Array): Uint8Array {
  if (sm3Hex(bytes) !== sm3) throw new AppError('DOCUMENT_CORRUPT', { sm3 });
  return bytes;
}

export interface FilesystemStore extends FileStore {
  /** Where a digest's file lives (validated first). */
  pathOf(sm3: string): string;
  /** Removes temporary files left by a crash mid-write, older than the given age; returns how many. */
  removeStaleTemporaryFiles(olderThanMs?: number): Promise<number>;
}

/** The store under `<root>/sm3/ab/cd/<digest>`; by default root is the `--data` folder. */
export function createFilesystemStore(root: string): FilesystemStore {
  const base = resolve(root);
  const pathOf = (sm3: string): string => {
    checkDigest(sm3);
    return join(base, ...relativeKey(sm3).split('/'));
  };

  async function sizeOf(path: string): Promise<number | null> {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  async function put(bytes: Uint8Array): Promise<StoredFile> {
    const sm3 = sm3Hex(bytes);
    const path = pathOf(sm3);
    const folder = join(path, '..');
    const existing = await sizeOf(path);
    if (existing === bytes.length) return { sm3, size: bytes.length, existed: true };

    const created = await mkdir(folder, { recursive: true });
    if (created !== undefined) {
      // new folders must survive a crash too: their entries live in their parents
      for (const parent of [base, join(base, 'sm3'), join(folder, '..')]) await fsyncFolder(parent);
    }
    const temporary = join(folder, `${TEMPORARY_PREFIX}${sm3}-${randomBytes(6).toString('hex')}`);
    let existed = false;
    try {
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (existing === null) {
        existed = await linkIntoPlace(temporary, path);
      } else {
        // a file of the wrong size holds the name (damaged on disk): replace it whole
        await rename(temporary, path);
      }
      await fsyncFolder(folder);
    } finally {
      await rm(temporary, { force: true });
    }
    return { sm3, size: bytes.length, existed };
  }

  async function get(sm3: string): Promise<Uint8Array> {
    const path = pathOf(sm3);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new AppError('NOT_FOUND', { sm3 });
      throw error;
    }
    return verified(sm3, asPlainBytes(bytes));
  }

  async function has(sm3: string): Promise<boolean> {
    return (await sizeOf(pathOf(sm3))) !== null;
  }

  async function* list(): AsyncIterable<string> {
    const top = join(base, 'sm3');
    for (const first of await folderNames(top)) {
      if (!FAN_OUT.test(first)) continue;
      for (const second of await folderNames(join(top, first))) {
        if (!FAN_OUT.test(second)) continue;
        for (const name of await folderNames(join(top, first, second))) {
          if (DIGEST.test(name) && name.startsWith(first + second)) yield name;
        }
      }
    }
  }

  async function removeStaleTemporaryFiles(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const top = join(base, 'sm3');
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const first of await folderNames(top)) {
      for (const second of await folderNames(join(top, first))) {
        const folder = join(top, first, second);
        for (const name of await folderNames(folder)) {
          if (!name.startsWith(TEMPORARY_PREFIX)) continue;
          const path = join(folder, name);
          const info = await stat(path).catch(() => null);
          if (info?.isFile() && info.mtimeMs < cutoff) {
            await rm(path, { force: true });
            removed++;
          }
        }
      }
    }
    return removed;
  }

  return { put, get, has, list, pathOf, removeStaleTemporaryFiles };
}

/**
 * Puts a complete temporary file under its final name without ever replacing one that is there:
 * link() fails with EEXIST when a concurrent put of the same bytes got there first (then it existed).
 * Filesystems without hard links get a rename, which replaces identical bytes atomically.
 */
async function linkIntoPlace(temporary: string, path: string): Promise<boolean> {
  try {
    await link(temporary, path);
    return false;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return true;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK') {
      await rename(temporary, path);
      return false;
    }
    throw error;
  }
}

/** Sorted entries of a folder, none when it does not exist. */
async function folderNames(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

/** Makes a folder's entries durable; platforms that cannot fsync a folder (Windows) are skipped. */
async function fsyncFolder(folder: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

export interface S3StoreOptions {
  /** e.g. `https://s3.example.gov.cn` or `http://127.0.0.1:9000` (MinIO). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Prepended to every key, e.g. `caselink/`; keys then read `<prefix>sm3/ab/cd/<digest>`. */
  prefix?: string;
  /** `https://endpoint/bucket/key` (default; MinIO, Ceph) or `https://bucket.endpoint/key`. */
  pathStyle?: boolean;
  /** Retries of 5xx and 429 answers, with backoff (aws4fetch). */
  retries?: number;
}

/**
 * An S3-compatible store, requests signed with AWS Signature V4 by aws4fetch over the global fetch.
 * The SHA-256 of each body is signed (not UNSIGNED-PAYLOAD), so the server rejects bytes damaged in
 * transit; `If-None-Match: *` keeps an existing object from being rewritten where the server supports it.
 */
export function createS3Store(options: S3StoreOptions): FileStore {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    service: 's3',
    region: options.region,
    retries: options.retries ?? 3,
  });
  const prefix = options.prefix ?? '';
  const endpoint = new URL(options.endpoint);
  const bucketUrl =
    options.pathStyle === false
      ? `${endpoint.protocol}//${options.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/$/, '')}`
      : `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${encodeURIComponent(options.bucket)}`;
  const objectUrl = (sm3: string): string => {
    checkDigest(sm3);
    return `${bucketUrl}/${prefix.split('/').map(encodeURIComponent).join('/')}${relativeKey(sm3)}`;
  };
  const keyPattern = /^sm3\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

  async function send(operation: string, url: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await client.fetch(url, init);
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', { store: 's3', operation, cause: String(error) });
    }
  }
  function failed(operation: string, response: Response): AppError {
    return new AppError('SERVICE_UNAVAILABLE', { store: 's3', operation, status: response.status });
  }
  async function exists(url: string): Promise<boolean> {
    const response = await send('head', url, { method: 'HEAD' });
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw failed('head', response);
  }

  async function put(bytes: Uint8Array): Promise<StoredFile> {
    const sm3 = sm3Hex(bytes);
    const url = objectUrl(sm3);
    if (await exists(url)) return { sm3, size: bytes.length, existed: true };
    const response = await send('put', url, {
      method: 'PUT',
      body: bytes,
      headers: {
        'Content-Type': 'application/octet-stream',
        'If-None-Match': '*',
        'X-Amz-Content-Sha256': createHash('sha256').update(bytes).digest('hex'),
      },
    });
    await response.body?.cancel();
    if (response.ok) return { sm3, size: bytes.length, existed: false };
    // 412: it is there already; 409: a concurrent conditional put of the same key is under way
    if (response.status === 412 || (response.status === 409 && (await exists(url)))) {
      return { sm3, size: bytes.length, existed: true };
    }
    throw failed('put', response);
  }

  async function get(sm3: string): Promise<Uint8Array> {
    const response = await send('get', objectUrl(sm3));
    if (response.status === 404) {
      await response.body?.cancel();
      throw new AppError('NOT_FOUND', { sm3 });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failed('get', response);
    }
    return verified(sm3, new Uint8Array(await response.arrayBuffer()));
  }

  async function has(sm3: string): Promise<boolean> {
    return exists(objectUrl(sm3));
  }

  async function* list(): AsyncIterable<string> {
    let token: string | null = null;
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix: `${prefix}sm3/` });
      if (token !== null) query.set('continuation-token', token);
      const response = await send('list', `${bucketUrl}/?${query.toString()}`);
      if (!response.ok) {
        await response.body?.cancel();
        throw failed('list', response);
      }
      const xml = await response.text();
      for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) {
        const key = decodeXml(match[1] ?? '');
        const parts = keyPattern.exec(key.slice(prefix.length));
        if (key.startsWith(prefix) && parts !== null && parts[3]!.startsWith(parts[1]! + parts[2]!)) yield parts[3]!;
      }
      const truncated = /<IsTruncated>\s*true\s*<\/IsTruncated>/.test(xml);
      const next = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
      token = truncated && next ? decodeXml(next) : null;
    } while (token !== null);
  }

  return { put, get, has, list };
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
