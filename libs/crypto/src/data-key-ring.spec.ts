import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionFailedError } from './aes-gcm';
import { DataKeyRing, UnknownDataKeyError } from './data-key-ring';

async function memoryRing(): Promise<DataKeyRing> {
  const ring = new DataKeyRing();
  await ring.load({ generateIfMissing: true });
  return ring;
}

describe('DataKeyRing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsledger-data-keys-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('encrypts with associated data; other associated data or one changed byte does not open', async () => {
    const ring = await memoryRing();
    const sealed = ring.encrypt('123-45-6789', 'tax-id:contractor-1');
    expect(sealed).toMatch(new RegExp(`^v1\\.${ring.activeKeyId}\\.[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('6789');
    expect(ring.decrypt(sealed, 'tax-id:contractor-1').toString()).toBe('123-45-6789');
    expect(() => ring.decrypt(sealed, 'tax-id:contractor-2')).toThrow(DecryptionFailedError);
    const body = Buffer.from(sealed.split('.')[2], 'base64url');
    body[body.length - 20] ^= 1;
    const altered = `v1.${ring.activeKeyId}.${body.toString('base64url')}`;
    expect(() => ring.decrypt(altered, 'tax-id:contractor-1')).toThrow(DecryptionFailedError);
    expect(() => ring.decrypt('plain text', 'tax-id:contractor-1')).toThrow(DecryptionFailedError);
  });

  it('encrypts the same value differently each time', async () => {
    const ring = await memoryRing();
    expect(ring.encrypt('same', 'aad')).not.toBe(ring.encrypt('same', 'aad'));
  });

  it('rotates by adding a key: the newest encrypts and wraps, every key still opens', async () => {
    const ring = await memoryRing();
    const first = ring.activeKeyId;
    const old = ring.encrypt('before', 'aad');
    const oldWrap = ring.wrapKey(Buffer.alloc(32, 7), 'subject:1');
    const second = ring.rotate();
    expect(ring.activeKeyId).toBe(second);
    expect(ring.keyIds).toEqual([first, second]);
    expect(ring.encrypt('after', 'aad').split('.')[1]).toBe(second);
    expect(ring.wrapKey(Buffer.alloc(32, 8), 'subject:2').keyId).toBe(second);
    expect(ring.decrypt(old, 'aad').toString()).toBe('before');
    expect(ring.unwrapKey(oldWrap, 'subject:1')).toEqual(Buffer.alloc(32, 7));
  });

  it('wraps a key bound to its associated data', async () => {
    const ring = await memoryRing();
    const dataKey = randomBytes(32);
    const wrapped = ring.wrapKey(dataKey, 'subject:a');
    expect(wrapped.wrapped.includes(dataKey)).toBe(false);
    expect(ring.unwrapKey(wrapped, 'subject:a')).toEqual(dataKey);
    expect(() => ring.unwrapKey(wrapped, 'subject:b')).toThrow(DecryptionFailedError);
    expect(() => ring.unwrapKey({ ...wrapped, keyId: 'gone' }, 'subject:a')).toThrow(
      UnknownDataKeyError,
    );
  });

  it('generates its file once (owner-only), and another instance reading it opens the same data', async () => {
    const file = join(dir, 'nested', 'data-keys.json');
    const a = new DataKeyRing();
    await a.load({ file, generateIfMissing: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const sealed = a.encrypt('shared', 'aad');
    const b = new DataKeyRing();
    await b.load({ file, generateIfMissing: true });
    expect(b.keyIds).toEqual(a.keyIds);
    expect(b.decrypt(sealed, 'aad').toString()).toBe('shared');
    expect(b.deriveSecret('alias')).toEqual(a.deriveSecret('alias'));
    expect(b.deriveSecret('alias')).not.toEqual(b.deriveSecret('period'));
  });

  it('keeps derived secrets across a rotation (they come from the oldest key)', async () => {
    const ring = await memoryRing();
    const before = ring.deriveSecret('alias');
    ring.rotate();
    expect(ring.deriveSecret('alias')).toEqual(before);
  });

  it('refuses a missing file in production mode and malformed keys', async () => {
    await expect(
      new DataKeyRing().load({ file: join(dir, 'absent.json'), generateIfMissing: false }),
    ).rejects.toThrow(/DATA_KEYS_FILE/);
    const short = join(dir, 'short.json');
    await writeFile(
      short,
      JSON.stringify({ keys: [{ kty: 'oct', kid: 'k1', alg: 'A256GCM', k: 'AAAA' }] }),
    );
    await expect(new DataKeyRing().load({ file: short, generateIfMissing: false })).rejects.toThrow(
      /32 bytes/,
    );
    const twice = join(dir, 'twice.json');
    const key = DataKeyRing.generateKey();
    await writeFile(twice, JSON.stringify({ keys: [key, key] }));
    await expect(new DataKeyRing().load({ file: twice, generateIfMissing: false })).rejects.toThrow(
      /twice/,
    );
    const entry = JSON.parse(await readFile(join(dir, 'nested', 'data-keys.json'), 'utf8'));
    expect(entry.keys[0]).toMatchObject({ kty: 'oct', alg: 'A256GCM', kid: expect.any(String) });
  });
});
