import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { describeObjectStorageContract, ObjectStorageHarness } from './object-storage.contract';
import { S3ObjectStorage } from './s3-object-storage';
import { makeS3rverPutsAtomic } from './s3rver-atomic-puts.fixture';

const BUCKET = 'opsledger-test';

interface S3Harness extends ObjectStorageHarness {
  directory: string;
}

/** A real S3-API server (s3rver) on a free port, its buckets in a temporary folder. */
async function startS3(): Promise<S3Harness> {
  makeS3rverPutsAtomic();
  const directory = await mkdtemp(join(tmpdir(), 'opsledger-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  const storage = new S3ObjectStorage({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    directory,
    storage,
    download: async (url, headers = {}) => {
      const res = await fetch(url, { headers });
      return {
        status: res.status,
        headers: Object.fromEntries(res.headers.entries()),
        body: Buffer.from(await res.arrayBuffer()),
      };
    },
    teardown: async () => {
      storage.onApplicationShutdown();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

describeObjectStorageContract('S3ObjectStorage (s3rver)', startS3, { verifiesSignatures: false });

describe('S3ObjectStorage presigned URLs', () => {
  let h: S3Harness;
  beforeAll(async () => {
    h = await startS3();
  });
  afterAll(() => h.teardown());

  it('are SigV4 query-signed GETs for the bucket and key, living exactly the asked time', async () => {
    const url = new URL(await h.storage.signedUrl('tenant/a/report.pdf', 90));
    expect(url.pathname).toBe(`/${BUCKET}/tenant/a/report.pdf`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('90');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/,
    );
  });

  it('leaves no multipart upload behind when a large upload is refused', async () => {
    const { Readable } = await import('node:stream');
    const chunk = Buffer.alloc(1024 * 1024, 3);
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 12; i++) yield chunk;
      })(),
    );
    await expect(
      h.storage.put('aborted/big.bin', body, {
        contentType: 'application/pdf',
        maxBytes: 7 * 1024 * 1024,
      }),
    ).rejects.toMatchObject({ code: 'OBJECT_STORAGE.TOO_LARGE' });
    const leftovers: string[] = [];
    const walk = async (d: string) => {
      for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else leftovers.push(join(d, e.name));
      }
    };
    await walk(h.directory);
    expect(leftovers.filter((f) => f.includes('aborted') || f.includes('big.bin'))).toEqual([]);
  });
});
