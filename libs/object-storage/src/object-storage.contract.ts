import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { InvalidObjectKeyError } from './object-storage.errors';
import { ObjectStorage } from './object-storage.port';

/*
 * One behaviour for every adapter: each adapter's int-spec runs this suite against its real
 * backend (the disk, an S3-API server). Globals come from @jest/globals because this file is
 * not a spec and the build's tsconfig knows no Jest types.
 */

export interface DownloadResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface ObjectStorageHarness {
  storage: ObjectStorage;
  /** GETs a signed URL the way a browser would. */
  download(url: string, headers?: Record<string, string>): Promise<DownloadResponse>;
  teardown(): Promise<void>;
}

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A body that arrives in chunks, as an upload does, never as one buffer. */
function chunked(data: Buffer, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunkSize)
        yield data.subarray(at, Math.min(at + chunkSize, data.length));
    })(),
    { objectMode: false },
  );
}

/** `bytes` of a deterministic pattern, generated on the fly, never held whole. */
function generated(bytes: number, seed = 7): Readable {
  return Readable.from(
    (function* () {
      const chunk = Buffer.alloc(MiB, seed);
      for (let left = bytes; left > 0; left -= chunk.length)
        yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    })(),
  );
}

/** A body that fails after sending `bytes` bytes: a client that went away mid-upload. */
function failingAfter(bytes: number): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.alloc(bytes, 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('client went away');
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ObjectStorageCapabilities {
  /**
   * Whether the server behind signed URLs checks their signature. s3rver 3 checks a presigned
   * URL's expiry but not its SigV4 signature; real S3 does, and the disk adapter does.
   */
  verifiesSignatures: boolean;
}

export function describeObjectStorageContract(
  name: string,
  setup: () => Promise<ObjectStorageHarness>,
  capabilities: ObjectStorageCapabilities,
): void {
  describe(`${name}: ObjectStorage contract`, () => {
    let harness: ObjectStorageHarness | undefined;
    const run = `run-${randomBytes(4).toString('hex')}`;
    let sequence = 0;
    /** A folder of its own for each test. */
    const folder = () => `${run}/t${sequence++}`;
    const h = (): ObjectStorageHarness => {
      if (!harness) throw new Error('the contract harness was not set up');
      return harness;
    };
    const storage = () => h().storage;
    /** The keys under a prefix, sorted (the port promises no order). */
    const keysUnder = async (prefix: string) => {
      const keys: string[] = [];
      for await (const object of storage().list(prefix)) keys.push(object.key);
      return keys.sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    };
    const put = (key: string, data: Buffer, contentType = 'application/pdf', maxBytes = 50 * MiB) =>
      storage().put(key, chunked(data), { contentType, maxBytes });

    beforeAll(async () => {
      harness = await setup();
    }, 60_000);

    afterAll(async () => {
      await harness?.teardown();
    });

    describe('put and get', () => {
      it('stores streamed bytes and answers their size, SHA-256 and type', async () => {
        const key = `${folder()}/doc.pdf`;
        const data = randomBytes(300_000);
        const stored = await put(key, data);
        expect(stored).toEqual({
          key,
          size: data.length,
          sha256: sha256(data),
          contentType: 'application/pdf',
        });
        const content = await storage().get(key);
        expect(await readAll(content.stream)).toEqual(data);
        expect(content).toMatchObject({
          size: data.length,
          contentType: 'application/pdf',
          range: null,
        });
        expect(await storage().head(key)).toMatchObject({
          key,
          size: data.length,
          contentType: 'application/pdf',
        });
      });

      it('streams an upload larger than one multipart part without holding it whole', async () => {
        const key = `${folder()}/large.bin`;
        const size = 12 * MiB + 123;
        const expected = createHash('sha256');
        for await (const chunk of generated(size)) expected.update(chunk as Buffer);
        const stored = await storage().put(key, generated(size), {
          contentType: 'application/octet-stream',
          maxBytes: 20 * MiB,
        });
        expect(stored.size).toBe(size);
        expect(stored.sha256).toBe(expected.digest('hex'));
        expect((await storage().head(key))?.size).toBe(size);
        const tail = await storage().get(key, { start: size - 10 });
        expect(await readAll(tail.stream)).toEqual(Buffer.alloc(10, 7));
      });

      it('stores an empty object', async () => {
        const key = `${folder()}/empty.txt`;
        const stored = await put(key, Buffer.alloc(0), 'text/plain');
        expect(stored).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
        const content = await storage().get(key);
        expect(content.size).toBe(0);
        expect(await readAll(content.stream)).toEqual(Buffer.alloc(0));
      });

      it('replaces an object written again under the same key', async () => {
        const key = `${folder()}/v.txt`;
        await put(key, Buffer.from('first version'), 'text/plain');
        await put(key, Buffer.from('second'), 'image/png');
        const content = await storage().get(key);
        expect((await readAll(content.stream)).toString()).toBe('second');
        expect(content.contentType).toBe('image/png');
      });

      it('answers ObjectNotFoundError for a missing key and null from head', async () => {
        const key = `${folder()}/missing.pdf`;
        await expect(storage().get(key)).rejects.toMatchObject({
          code: 'OBJECT_STORAGE.NOT_FOUND',
        });
        expect(await storage().head(key)).toBeNull();
      });

      it('refuses a bad content type', async () => {
        await expect(
          put(`${folder()}/x`, Buffer.from('x'), 'text/html; charset=utf-8'),
        ).rejects.toMatchObject({
          code: 'OBJECT_STORAGE.INVALID_ARGUMENT',
        });
      });
    });

    describe('refused and failed uploads leave nothing behind', () => {
      it('refuses an upload past maxBytes, and no object appears', async () => {
        const dir = folder();
        await expect(
          put(`${dir}/big.pdf`, randomBytes(2048), 'application/pdf', 1000),
        ).rejects.toMatchObject({
          code: 'OBJECT_STORAGE.TOO_LARGE',
          maxBytes: 1000,
        });
        expect(await storage().head(`${dir}/big.pdf`)).toBeNull();
        expect(await keysUnder(`${dir}/`)).toEqual([]);
      });

      it('refuses an upload that outgrows its limit after several multipart parts', async () => {
        const key = `${folder()}/huge.bin`;
        await expect(
          storage().put(key, generated(13 * MiB), {
            contentType: 'application/pdf',
            maxBytes: 11 * MiB,
          }),
        ).rejects.toMatchObject({ code: 'OBJECT_STORAGE.TOO_LARGE' });
        expect(await storage().head(key)).toBeNull();
      });

      it('keeps the previous object when its replacement is refused or fails', async () => {
        const key = `${folder()}/kept.pdf`;
        await put(key, Buffer.from('%PDF-1.7 original'));
        await expect(put(key, randomBytes(4096), 'application/pdf', 100)).rejects.toMatchObject({
          code: 'OBJECT_STORAGE.TOO_LARGE',
        });
        await expect(
          storage().put(key, failingAfter(1000), { contentType: 'application/pdf', maxBytes: MiB }),
        ).rejects.toThrow('client went away');
        expect((await readAll((await storage().get(key)).stream)).toString()).toBe(
          '%PDF-1.7 original',
        );
      });

      it('stores nothing when the client goes away mid-upload', async () => {
        const dir = folder();
        await expect(
          storage().put(`${dir}/gone.pdf`, failingAfter(100_000), {
            contentType: 'application/pdf',
            maxBytes: MiB,
          }),
        ).rejects.toThrow('client went away');
        expect(await keysUnder(`${dir}/`)).toEqual([]);
      });
    });

    describe('ranges', () => {
      const data = Buffer.from('0123456789abcdefghij');
      let key: string;
      beforeAll(async () => {
        key = `${run}/ranges/r.txt`;
        await put(key, data, 'text/plain');
      });

      it('reads an inclusive range, an open-ended one, and clamps an end past the object', async () => {
        const middle = await storage().get(key, { start: 2, end: 5 });
        expect((await readAll(middle.stream)).toString()).toBe('2345');
        expect(middle).toMatchObject({ size: 20, range: { start: 2, end: 5 } });
        const rest = await storage().get(key, { start: 15 });
        expect((await readAll(rest.stream)).toString()).toBe('fghij');
        const clamped = await storage().get(key, { start: 18, end: 1000 });
        expect((await readAll(clamped.stream)).toString()).toBe('ij');
        expect(clamped.range).toEqual({ start: 18, end: 19 });
      });

      it('refuses a range that starts past the end', async () => {
        await expect(storage().get(key, { start: 20 })).rejects.toMatchObject({
          code: 'OBJECT_STORAGE.RANGE_NOT_SATISFIABLE',
          size: 20,
        });
      });
    });

    describe('keys', () => {
      it.each([
        ['../escape'],
        ['a/../../b'],
        ['/absolute'],
        ['trailing/'],
        ['a//b'],
        ['.hidden'],
        ['a/.incoming/x'],
        ['back\\slash'],
        ['spa ce'],
        ['nul\0byte'],
        ['ünicode'],
        [''],
        ['x'.repeat(513)],
      ])('refuses the key %j everywhere', async (key) => {
        await expect(put(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(storage().get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(storage().head(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(storage().delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(storage().signedUrl(key, 60)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      });
    });

    describe('delete, deletePrefix and list', () => {
      it('delete removes an object and succeeds again when it is gone', async () => {
        const key = `${folder()}/d.pdf`;
        await put(key, Buffer.from('bye'));
        await storage().delete(key);
        expect(await storage().head(key)).toBeNull();
        await expect(storage().delete(key)).resolves.toBeUndefined();
      });

      it('lists by folder or by partial name', async () => {
        const dir = folder();
        const keys = [
          `${dir}/b`,
          `${dir}/b-x`,
          `${dir}/b/c`,
          `${dir}/B`,
          `${dir}/a.pdf`,
          `${dir}/b/a/z`,
        ];
        for (const key of keys) await put(key, Buffer.from(key), 'text/plain');
        const binary = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
        expect(await keysUnder(`${dir}/`)).toEqual(binary);
        expect(await keysUnder(`${dir}/b`)).toEqual([
          `${dir}/b`,
          `${dir}/b-x`,
          `${dir}/b/a/z`,
          `${dir}/b/c`,
        ]);
        expect(await keysUnder(`${dir}/b/`)).toEqual([`${dir}/b/a/z`, `${dir}/b/c`]);
        expect(await keysUnder(`${dir}/nothing/`)).toEqual([]);
        const sizes: number[] = [];
        for await (const o of storage().list(`${dir}/a`)) sizes.push(o.size);
        expect(sizes).toEqual([`${dir}/a.pdf`.length]);
      });

      it('deletePrefix erases everything under a prefix and nothing beside it', async () => {
        const dir = folder();
        const mine = [
          `${dir}/tenant-a/x.pdf`,
          `${dir}/tenant-a/deep/y.pdf`,
          `${dir}/tenant-a/deep/er/z`,
        ];
        const others = [`${dir}/tenant-ab/x.pdf`, `${dir}/tenant-b/x.pdf`, `${dir}/tenant-a.pdf`];
        for (const key of [...mine, ...others]) await put(key, Buffer.from(key));
        expect(await storage().deletePrefix(`${dir}/tenant-a/`)).toBe(3);
        expect(await keysUnder(`${dir}/`)).toEqual(
          [...others].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
        );
        expect(await storage().deletePrefix(`${dir}/tenant-a/`)).toBe(0);
        // the folder can be used again after its erasure
        await put(`${dir}/tenant-a/again.pdf`, Buffer.from('again'));
        expect(await keysUnder(`${dir}/tenant-a/`)).toEqual([`${dir}/tenant-a/again.pdf`]);
      });

      it('deletePrefix refuses the empty prefix, which would mean everything', async () => {
        await expect(storage().deletePrefix('')).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(storage().deletePrefix('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      });

      it('erases a prefix holding more objects than one delete batch is likely to page', async () => {
        const dir = folder();
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            put(`${dir}/many/${String(i).padStart(3, '0')}`, Buffer.from([i])),
          ),
        );
        expect((await keysUnder(`${dir}/many/`)).length).toBe(40);
        expect(await storage().deletePrefix(`${dir}/many/`)).toBe(40);
        expect(await keysUnder(`${dir}/`)).toEqual([]);
      });
    });

    describe('concurrent writers', () => {
      it('two uploads to one key leave one of them whole, never a mix', async () => {
        const key = `${folder()}/race.bin`;
        const a = Buffer.alloc(3 * MiB, 0xaa);
        const b = Buffer.alloc(3 * MiB, 0xbb);
        await Promise.all([put(key, a), put(key, b)]);
        const stored = await readAll((await storage().get(key)).stream);
        expect([sha256(a), sha256(b)]).toContain(sha256(stored));
      });
    });

    describe('signed URLs', () => {
      const data = Buffer.from('%PDF-1.7 signed download body');
      let key: string;
      beforeAll(async () => {
        key = `${run}/signed/invoice.pdf`;
        await put(key, data);
      });

      it('downloads the whole object with its type', async () => {
        const res = await h().download(await storage().signedUrl(key, 60));
        expect(res.status).toBe(200);
        expect(res.body).toEqual(data);
        expect(res.headers['content-type']).toBe('application/pdf');
      });

      it('serves a byte range', async () => {
        const res = await h().download(await storage().signedUrl(key, 60), { range: 'bytes=1-3' });
        expect(res.status).toBe(206);
        expect(res.body.toString()).toBe('PDF');
        expect(res.headers['content-range']).toBe(`bytes 1-3/${data.length}`);
      });

      it('offers a file name for saving', async () => {
        const url = await storage().signedUrl(key, 60, { filename: 'Invoice 7.pdf' });
        const res = await h().download(url);
        expect(res.status).toBe(200);
        expect(res.headers['content-disposition']).toContain('attachment');
        expect(res.headers['content-disposition']).toContain('Invoice%207.pdf');
      });

      it('refuses a URL once it has expired', async () => {
        const url = await storage().signedUrl(key, 1);
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const res = await h().download(url);
        expect(res.status).toBe(403);
        expect(res.body.toString()).not.toContain('signed download body');
      });

      if (capabilities.verifiesSignatures) {
        it('refuses a URL whose signature was altered', async () => {
          const url = new URL(await storage().signedUrl(key, 60));
          const tamper = (value: string) =>
            `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
          for (const param of ['token', 'X-Amz-Signature'])
            if (url.searchParams.has(param))
              url.searchParams.set(param, tamper(url.searchParams.get(param)!));
          const res = await h().download(url.toString());
          expect(res.status).toBe(403);
        });
      }

      it('refuses a life outside 1 second to 7 days', async () => {
        for (const ttl of [0, -5, 1.5, 7 * 24 * 3600 + 1])
          await expect(storage().signedUrl(key, ttl)).rejects.toMatchObject({
            code: 'OBJECT_STORAGE.INVALID_ARGUMENT',
          });
      });
    });
  });
}
