import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createValidationPipe, ProblemDetailsFilter } from '@opsledger/http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DiskObjectStorage } from './disk-object-storage';
import { ObjectDownloadsController } from './object-downloads.controller';
import { describeObjectStorageContract, ObjectStorageHarness } from './object-storage.contract';
import { ObjectStorage } from './object-storage.port';
import { DownloadSigner } from './signed-download';

const PUBLIC_URL = 'http://files.opsledger.test';

interface DiskHarness extends ObjectStorageHarness {
  root: string;
  signer: DownloadSigner;
  storage: DiskObjectStorage;
}

/** The disk adapter and the controller that serves its signed URLs, through Fastify's inject. */
async function startDisk(): Promise<DiskHarness> {
  const base = await mkdtemp(join(tmpdir(), 'opsledger-objects-'));
  const root = join(base, 'objects');
  const signer = new DownloadSigner(randomBytes(32), PUBLIC_URL);
  const storage = new DiskObjectStorage({ root, signer });
  const moduleRef = await Test.createTestingModule({
    controllers: [ObjectDownloadsController],
    providers: [
      { provide: ObjectStorage, useValue: storage },
      { provide: DownloadSigner, useValue: signer },
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    root,
    signer,
    storage,
    download: async (url, headers = {}) => {
      const u = new URL(url);
      expect(u.origin).toBe(PUBLIC_URL);
      const res = await app.inject({ method: 'GET', url: `${u.pathname}${u.search}`, headers });
      return {
        status: res.statusCode,
        headers: res.headers as Record<string, string | undefined>,
        body: res.rawPayload,
      };
    },
    teardown: async () => {
      await app.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}

describeObjectStorageContract('DiskObjectStorage', startDisk, { verifiesSignatures: true });

describe('DiskObjectStorage on disk', () => {
  let h: DiskHarness;
  beforeAll(async () => {
    h = await startDisk();
  });
  afterAll(() => h.teardown());

  const files = async (dir: string): Promise<string[]> => {
    const out: string[] = [];
    const walk = async (d: string, rel: string) => {
      for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
        if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`);
        else out.push(`${rel}${e.name}`);
      }
    };
    await walk(dir, '');
    return out.sort();
  };

  it('keeps no temporary file after a refused or failed upload', async () => {
    await expect(
      h.storage.put('left/over.pdf', Readable.from([randomBytes(5000)]), {
        contentType: 'application/pdf',
        maxBytes: 10,
      }),
    ).rejects.toMatchObject({ code: 'OBJECT_STORAGE.TOO_LARGE' });
    expect(await files(join(h.root, '.incoming'))).toEqual([]);
    expect(await files(join(h.root, 'left'))).toEqual([]);
  });

  it('writes every object inside its root, as <key>~ with a one-line header', async () => {
    await h.storage.put('tenant/a/b.pdf', Readable.from([Buffer.from('%PDF-1.4 x')]), {
      contentType: 'application/pdf',
      maxBytes: 100,
    });
    const file = join(h.root, 'tenant', 'a', 'b.pdf~');
    expect((await readFile(file, 'utf8')).split('\n')).toEqual([
      '{"contentType":"application/pdf"}',
      '%PDF-1.4 x',
    ]);
    expect((await stat(join(h.root, '..'))).isDirectory()).toBe(true);
    expect(await files(join(h.root, '..'))).not.toContain('escape~');
  });

  it('a key and a folder of the same name live side by side', async () => {
    await h.storage.put('side/x', Readable.from([Buffer.from('file')]), {
      contentType: 'text/plain',
      maxBytes: 100,
    });
    await h.storage.put('side/x/y', Readable.from([Buffer.from('inside')]), {
      contentType: 'text/plain',
      maxBytes: 100,
    });
    expect(await files(join(h.root, 'side'))).toEqual(['x/y~', 'x~']);
  });

  it('refuses a token whose grant was rewritten to another key, keeping its MAC', async () => {
    await h.storage.put('private/mine.pdf', Readable.from([Buffer.from('%PDF mine')]), {
      contentType: 'application/pdf',
      maxBytes: 100,
    });
    await h.storage.put('private/theirs.pdf', Readable.from([Buffer.from('%PDF theirs')]), {
      contentType: 'application/pdf',
      maxBytes: 100,
    });
    const url = new URL(await h.storage.signedUrl('private/mine.pdf', 60));
    const [payload, mac] = url.searchParams.get('token')!.split('.');
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...grant, k: 'private/theirs.pdf' })).toString(
      'base64url',
    );
    url.searchParams.set('token', `${forged}.${mac}`);
    const res = await h.download(url.toString());
    expect(res.status).toBe(403);
    expect(res.body.toString()).not.toContain('theirs');
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'OBJECT_STORAGE.URL_INVALID' });
  });

  it('refuses a token signed under another secret, and a missing or garbled one', async () => {
    const other = new DownloadSigner(randomBytes(32), PUBLIC_URL);
    const res = await h.download(
      other.url({ key: 'private/mine.pdf', expiresAt: Math.floor(Date.now() / 1000) + 60 }),
    );
    expect(res.status).toBe(403);
    expect((await h.download(`${PUBLIC_URL}/api/v1/object-downloads`)).status).toBe(400);
    expect(
      (await h.download(`${PUBLIC_URL}/api/v1/object-downloads?token=not-a-token-at-all`)).status,
    ).toBe(403);
  });

  it('answers 416 for a range past the end and 404 for an object deleted after signing', async () => {
    const url = await h.storage.signedUrl('private/mine.pdf', 60);
    const outside = await h.download(url, { range: 'bytes=500-' });
    expect(outside.status).toBe(416);
    const suffix = await h.download(url, { range: 'bytes=-4' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.toString()).toBe('mine');
    const several = await h.download(url, { range: 'bytes=0-1,3-4' });
    expect(several.status).toBe(200);
    expect(several.body.toString()).toBe('%PDF mine');
    await h.storage.delete('private/mine.pdf');
    expect((await h.download(url)).status).toBe(404);
  });
});
