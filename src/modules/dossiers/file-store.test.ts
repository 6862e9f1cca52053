import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, truncate, utimes, writeFile, mkdir, readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { sm3Hex } from '../../shared/sm3.ts';
import { type FileStore, type FilesystemStore, createFilesystemStore, createS3Store } from './file-store.ts';
import { refusal } from '../../../test/refusal.ts';

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));


async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const BAD_DIGESTS = [
  '',
  '../../../etc/passwd',
  'A'.repeat(64),
  'a'.repeat(63),
  'a'.repeat(65),
  `${'a'.repeat(62)}/.`,
  `..${'a'.repeat(62)}`,
  `${'a'.repeat(63)}\n`,
];

/** What every store must do, run against the filesystem store and the S3 store alike. */
function behavesAsAFileStore(name: string, make: () => FileStore) {
  describe(`${name}: the FileStore contract`, () => {
    it('round-trips bytes under their SM3 digest', async () => {
      const store = make();
      const bytes = bytesOf('起诉意见书 第一页');
      const stored = await store.put(bytes);
      expect(stored).toEqual({ sm3: sm3Hex(bytes), size: bytes.length, existed: false });
      expect(await store.has(stored.sm3)).toBe(true);
      const back = await store.get(stored.sm3);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    });

    it('stores the same bytes once: a second put finds them', async () => {
      const store = make();
      const bytes = bytesOf('same bytes twice');
      expect((await store.put(bytes)).existed).toBe(false);
      expect((await store.put(bytes.slice())).existed).toBe(true);
      expect((await collect(store.list())).filter((d) => d === sm3Hex(bytes))).toHaveLength(1);
    });

    it('lets concurrent puts of the same bytes all succeed, writing once', async () => {
      const store = make();
      const bytes = bytesOf('uploaded twice at the same moment');
      const results = await Promise.all(Array.from({ length: 6 }, () => store.put(bytes)));
      expect(results.every((r) => r.sm3 === sm3Hex(bytes))).toBe(true);
      expect(results.filter((r) => !r.existed)).toHaveLength(1);
      expect(await collect(store.list())).toEqual([sm3Hex(bytes)]);
    });

    it('answers NOT_FOUND for a digest it does not hold', async () => {
      const store = make();
      const absent = sm3Hex('never stored');
      expect(await store.has(absent)).toBe(false);
      const error = await refusal(() => store.get(absent));
      expect(error.code).toBe('NOT_FOUND');
    });

    it('refuses malformed digests before touching storage', async () => {
      const store = make();
      for (const digest of BAD_DIGESTS) {
        expect((await refusal(() => store.get(digest))).code).toBe('DOCUMENT_DIGEST_INVALID');
        expect((await refusal(() => store.has(digest))).code).toBe('DOCUMENT_DIGEST_INVALID');
      }
    });

    it('lists every digest it holds', async () => {
      const store = make();
      const digests = [];
      for (let i = 0; i < 5; i++) digests.push((await store.put(bytesOf(`document ${i}`))).sm3);
      expect((await collect(store.list())).sort()).toEqual(digests.sort());
    });

    it('round-trips any bytes (property)', async () => {
      const store = make();
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const first = await store.put(bytes);
          expect(first.sm3).toBe(sm3Hex(bytes));
          expect(first.size).toBe(bytes.length);
          expect(await store.has(first.sm3)).toBe(true);
          expect(Buffer.from(await store.get(first.sm3)).equals(Buffer.from(bytes))).toBe(true);
          expect((await store.put(bytes)).existed).toBe(true);
        }),
        { numRuns: 40 },
      );
    });
  });
}

describe('createFilesystemStore', () => {
  let root: string;
  let store: FilesystemStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'caselink-store-'));
    store = createFilesystemStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  behavesAsAFileStore('filesystem', () => createFilesystemStore(join(root, 'contract', String(Math.random()).slice(2))));

  it('lays files out as <root>/sm3/ab/cd/<digest>, with no temporary file left behind', async () => {
    const bytes = bytesOf('a page');
    const { sm3 } = await store.put(bytes);
    const path = join(root, 'sm3', sm3.slice(0, 2), sm3.slice(2, 4), sm3);
    expect(store.pathOf(sm3)).toBe(path);
    expect(await readFile(path)).toEqual(Buffer.from(bytes));
    expect(await readdir(join(root, 'sm3', sm3.slice(0, 2), sm3.slice(2, 4)))).toEqual([sm3]);
  });

  it('does not rewrite a digest it holds (the file keeps its inode and time)', async () => {
    const bytes = bytesOf('written once');
    const { sm3 } = await store.put(bytes);
    const before = await stat(store.pathOf(sm3));
    await store.put(bytes);
    const after = await stat(store.pathOf(sm3));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('detects a file whose bytes no longer match its name', async () => {
    const bytes = bytesOf('evidence that must not change');
    const { sm3 } = await store.put(bytes);
    const damaged = Buffer.from(bytes);
    damaged[3] = damaged[3]! ^ 0x01;
    await writeFile(store.pathOf(sm3), damaged);
    const error = await refusal(() => store.get(sm3));
    expect(error.code).toBe('DOCUMENT_CORRUPT');
    expect(error.details).toEqual({ sm3 });
  });

  it('replaces a damaged file of the wrong size when the same bytes are put again', async () => {
    const bytes = bytesOf('a file cut short by a disk fault');
    const { sm3 } = await store.put(bytes);
    await truncate(store.pathOf(sm3), 5);
    expect((await refusal(() => store.get(sm3))).code).toBe('DOCUMENT_CORRUPT');
    expect((await store.put(bytes)).existed).toBe(false);
    expect(Buffer.from(await store.get(sm3)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses path-traversal digests in pathOf', () => {
    for (const digest of BAD_DIGESTS) expect(() => store.pathOf(digest)).toThrow(AppError);
  });

  it('lists only digest files in their own folders, ignoring temporaries and strays', async () => {
    expect(await collect(store.list())).toEqual([]);
    const { sm3 } = await store.put(bytesOf('listed'));
    const folder = join(root, 'sm3', sm3.slice(0, 2), sm3.slice(2, 4));
    await writeFile(join(folder, `.tmp-${sm3}-abc`), 'half written');
    await writeFile(join(root, 'sm3', 'README'), 'not a folder of digests');
    const misplaced = sm3Hex('misplaced');
    await mkdir(join(root, 'sm3', 'zz', '00'), { recursive: true });
    await writeFile(join(root, 'sm3', sm3.slice(0, 2), sm3.slice(2, 4), misplaced), 'wrong folder');
    expect(await collect(store.list())).toEqual([sm3]);
  });

  it('removes temporary files a crash left behind, once they are old', async () => {
    const { sm3 } = await store.put(bytesOf('kept'));
    const folder = join(root, 'sm3', sm3.slice(0, 2), sm3.slice(2, 4));
    const stale = join(folder, `.tmp-${sm3}-000000000000`);
    const fresh = join(folder, `.tmp-${sm3}-111111111111`);
    await writeFile(stale, 'half');
    await writeFile(fresh, 'being written');
    const anHourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, anHourAgo, anHourAgo);
    expect(await store.removeStaleTemporaryFiles()).toBe(1);
    expect((await readdir(folder)).sort()).toEqual([`.tmp-${sm3}-111111111111`, sm3].sort());
    expect(Buffer.from(await store.get(sm3)).toString()).toBe('kept');
  });
});

// --- a fake S3 on 127.0.0.1: path-style buckets, Signature V4 checked independently of aws4fetch ---

const ACCESS_KEY = 'AKIDCASELINKTEST';
const SECRET_KEY = 'caselink/test/secret/key';
const REGION = 'cn-north-1';

interface FakeS3 {
  url: string;
  objects: Map<string, Buffer>;
  requests: { method: string; path: string; status: number }[];
  pageSize: number;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Checks AWS Signature V4 as S3 does (no double-encoding of the path), and the signed payload hash. */
function signatureProblem(request: IncomingMessage, body: Buffer): string | null {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
    request.headers.authorization ?? '',
  );
  if (!auth) return 'no signature';
  const [, accessKey, day, region, signedHeaders, signature] = auth as unknown as string[];
  if (accessKey !== ACCESS_KEY || region !== REGION) return 'wrong credential';
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
  if (request.method === 'PUT' && payloadHash !== sha256(body)) return 'payload hash';
  const url = new URL(request.url ?? '/', 'http://fake');
  const query = [...url.searchParams]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders!
    .split(';')
    .map((h) => `${h}:${String(request.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = [request.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET_KEY}`, day!), region!), 's3'), 'aws4_request');
  return hmac(key, toSign).toString('hex') === signature ? null : 'signature mismatch';
}

async function startFakeS3(bucket: string): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const requests: FakeS3['requests'] = [];
  const fake = { objects, requests, pageSize: 2 } as FakeS3;
  const reply = (res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://fake');
      const send = (status: number, text = '', headers: Record<string, string> = {}) => {
        requests.push({ method: req.method ?? '', path: url.pathname, status });
        reply(res, status, req.method === 'HEAD' ? '' : text, headers);
      };
      if (signatureProblem(req, body) !== null) return send(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
      const [, bucketName, ...rest] = url.pathname.split('/');
      if (bucketName !== bucket) return send(404, '<Error><Code>NoSuchBucket</Code></Error>');
      const key = rest.map(decodeURIComponent).join('/');
      if (key === '' && req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const after = url.searchParams.get('continuation-token') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = keys.slice(0, fake.pageSize);
        const truncated = keys.length > page.length;
        const xml =
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${prefix}</Prefix>` +
          page.map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(k)!.length}</Size></Contents>`).join('') +
          `<IsTruncated>${truncated}</IsTruncated>` +
          (truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : '') +
          '</ListBucketResult>';
        return send(200, xml, { 'content-type': 'application/xml' });
      }
      const object = objects.get(key);
      if (req.method === 'HEAD' || req.method === 'GET') {
        if (!object) return send(404, '<Error><Code>NoSuchKey</Code></Error>');
        res.setHeader('content-length', String(object.length));
        return send(200, object as unknown as string);
      }
      if (req.method === 'PUT') {
        if (req.headers['if-none-match'] === '*' && object) return send(412, '<Error><Code>PreconditionFailed</Code></Error>');
        objects.set(key, body);
        return send(200);
      }
      return send(405);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((done) => server.close(() => done()));
  return fake;
}

describe('createS3Store (against a fake S3 on 127.0.0.1)', () => {
  let fake: FakeS3;
  beforeAll(async () => {
    fake = await startFakeS3('dossiers');
  });
  afterAll(async () => {
    await fake.close();
  });
  const options = (prefix: string) => ({
    endpoint: fake.url,
    region: REGION,
    bucket: 'dossiers',
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    prefix,
    retries: 0,
  });
  let run = 0;
  // each contract test gets its own key prefix, so that listings do not see each other's objects
  behavesAsAFileStore('s3', () => createS3Store(options(`run-${++run}/`)));

  it('stores objects under <prefix>sm3/ab/cd/<digest>, every request signed and accepted', async () => {
    const store = createS3Store(options('layout/'));
    const bytes = bytesOf('an S3 page');
    const { sm3 } = await store.put(bytes);
    expect(fake.objects.get(`layout/sm3/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`)?.equals(Buffer.from(bytes))).toBe(true);
    expect(fake.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  it('detects an object whose bytes no longer match its key', async () => {
    const store = createS3Store(options('corrupt/'));
    const { sm3 } = await store.put(bytesOf('original'));
    fake.objects.set(`corrupt/sm3/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`, Buffer.from('tampered'));
    expect((await refusal(() => store.get(sm3))).code).toBe('DOCUMENT_CORRUPT');
  });

  it('sends no request for a malformed digest', async () => {
    const store = createS3Store(options('bad/'));
    const before = fake.requests.length;
    await refusal(() => store.get('../../other-bucket/x'));
    expect(fake.requests.length).toBe(before);
  });

  it('reports a refused request (wrong secret) as the store being unavailable', async () => {
    const store = createS3Store({ ...options('wrong/'), secretAccessKey: 'not the secret' });
    const error = await refusal(() => store.put(bytesOf('x')));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.details).toMatchObject({ store: 's3', operation: 'head', status: 403 });
  });

  it('reports an unreachable endpoint as the store being unavailable', async () => {
    const store = createS3Store({ ...options('down/'), endpoint: 'http://127.0.0.1:9' });
    expect((await refusal(() => store.has(sm3Hex('x')))).code).toBe('SERVICE_UNAVAILABLE');
  });
});
