import { createDecipheriv, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { ApiKeyUndecryptableError } from '../../domain/accounts.errors';
import { ApiKeyBinding, EncryptedApiKey } from '../../domain/api-key-cipher.port';
import { ApiKeySecret } from '../../domain/api-key-secret';
import {
  aadOf,
  AesGcmApiKeyCipher,
  NONCE_BYTES,
  PBKDF2_ITERATIONS,
  SALT_BYTES,
  TAG_BYTES,
} from './aes-gcm-api-key.cipher';

const b64 = (value: string) => Buffer.from(value, 'base64');
const bodyOf = (e: EncryptedApiKey) => b64(e.ciphertext.split('.')[1]);
const withBody = (e: EncryptedApiKey, body: Buffer): EncryptedApiKey => ({
  ...e,
  ciphertext: `v1.${body.toString('base64')}`,
});
const flip = (buffer: Buffer, index: number) => {
  const copy = Buffer.from(buffer);
  copy[index] ^= 0x01;
  return copy;
};

describe('AesGcmApiKeyCipher', () => {
  const master = randomBytes(32);
  const cipher = new AesGcmApiKeyCipher(master);
  const plaintext = `sk-${randomBytes(24).toString('hex')}`;
  const secret = ApiKeySecret.of(plaintext);
  const binding: ApiKeyBinding = { userId: randomUUID(), service: 'openai' };
  let encrypted: EncryptedApiKey;

  beforeAll(async () => {
    encrypted = await cipher.encrypt(secret, binding);
  });

  const expectUndecryptable = (e: EncryptedApiKey, b: ApiKeyBinding = binding) =>
    expect(cipher.decrypt(e, b)).rejects.toBeInstanceOf(ApiKeyUndecryptableError);

  it('round-trips a key under its owner and service', async () => {
    const opened = await cipher.decrypt(encrypted, binding);
    expect(opened.reveal()).toBe(plaintext);
    expect(opened.lastFour).toBe(plaintext.slice(-4));
  });

  it('stores a 12-byte nonce, a 16-byte salt and the 16-byte GCM tag after the ciphertext', () => {
    expect(b64(encrypted.nonce)).toHaveLength(NONCE_BYTES);
    expect(b64(encrypted.salt)).toHaveLength(SALT_BYTES);
    expect(encrypted.ciphertext).toMatch(/^v1\.[A-Za-z0-9+/]+={0,2}$/);
    expect(bodyOf(encrypted)).toHaveLength(Buffer.byteLength(plaintext) + TAG_BYTES);
  });

  it('is AES-256-GCM under PBKDF2-SHA256 with 100,000 iterations over the master secret and the row salt', () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const key = pbkdf2Sync(master, b64(encrypted.salt), 100_000, 32, 'sha256');
    const body = bodyOf(encrypted);
    const decipher = createDecipheriv('aes-256-gcm', key, b64(encrypted.nonce));
    decipher.setAAD(aadOf(binding));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const opened = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    expect(opened.toString('utf8')).toBe(plaintext);
  });

  it('uses a fresh salt and nonce for every encryption, even of the same key', async () => {
    const again = await cipher.encrypt(secret, binding);
    expect(again.salt).not.toBe(encrypted.salt);
    expect(again.nonce).not.toBe(encrypted.nonce);
    expect(again.ciphertext).not.toBe(encrypted.ciphertext);
    expect((await cipher.decrypt(again, binding)).reveal()).toBe(plaintext);
  });

  it('detects a tampered ciphertext byte', async () => {
    await expectUndecryptable(withBody(encrypted, flip(bodyOf(encrypted), 0)));
  });

  it('detects a tampered tag', async () => {
    const body = bodyOf(encrypted);
    await expectUndecryptable(withBody(encrypted, flip(body, body.length - 1)));
  });

  it('detects a truncated tag or ciphertext', async () => {
    const body = bodyOf(encrypted);
    await expectUndecryptable(withBody(encrypted, body.subarray(0, body.length - 1)));
    await expectUndecryptable(withBody(encrypted, body.subarray(0, TAG_BYTES)));
  });

  it('detects a tampered nonce', async () => {
    await expectUndecryptable({
      ...encrypted,
      nonce: flip(b64(encrypted.nonce), 3).toString('base64'),
    });
  });

  it('detects a tampered salt (another derived key)', async () => {
    await expectUndecryptable({
      ...encrypted,
      salt: flip(b64(encrypted.salt), 5).toString('base64'),
    });
  });

  it('binds the ciphertext to the user and the service (AAD): a copied row does not open', async () => {
    await expectUndecryptable(encrypted, { ...binding, userId: randomUUID() });
    await expectUndecryptable(encrypted, { ...binding, service: 'stripe' });
  });

  it('accepts the owner id in any letter case (PostgreSQL answers uuids in lower case)', async () => {
    expect(
      (
        await cipher.decrypt(encrypted, { ...binding, userId: binding.userId.toUpperCase() })
      ).reveal(),
    ).toBe(plaintext);
  });

  it('does not open under another master secret', async () => {
    await expect(
      new AesGcmApiKeyCipher(randomBytes(32)).decrypt(encrypted, binding),
    ).rejects.toBeInstanceOf(ApiKeyUndecryptableError);
  });

  it('refuses malformed stored values with the same error', async () => {
    await expectUndecryptable({ ...encrypted, ciphertext: 'v2.' + encrypted.ciphertext.slice(3) });
    await expectUndecryptable({ ...encrypted, ciphertext: plaintext });
    await expectUndecryptable({ ...encrypted, nonce: '' });
    await expectUndecryptable({ ...encrypted, salt: 'not base64!' });
    await expectUndecryptable({ ...encrypted, nonce: randomBytes(16).toString('base64') });
  });

  it('never lets the key or the master secret show in what it stores', async () => {
    const stored = await cipher.encrypt(secret, binding);
    const text = JSON.stringify(stored);
    const bytes = Buffer.concat([bodyOf(stored), b64(stored.nonce), b64(stored.salt)]);
    for (const needle of [
      plaintext,
      plaintext.slice(3, 20),
      master.toString('base64'),
      master.toString('hex'),
      master.toString('base64url'),
    ]) {
      expect(text).not.toContain(needle);
    }
    expect(bytes.includes(Buffer.from(plaintext))).toBe(false);
    expect(bytes.includes(master)).toBe(false);
    expect(bytes.includes(master.subarray(0, 8))).toBe(false);
  });

  it('refuses a master secret shorter than 32 bytes and does not expose the one it holds', () => {
    expect(() => new AesGcmApiKeyCipher(randomBytes(16))).toThrow(/32 bytes/);
    expect(JSON.stringify(cipher)).not.toContain(master.toString('hex'));
    expect(inspect(cipher, { showHidden: true, depth: 5 })).not.toContain(master.toString('hex'));
  });
});
