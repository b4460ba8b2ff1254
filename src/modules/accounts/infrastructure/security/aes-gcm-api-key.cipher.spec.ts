import { DataKeyRing } from '@opsledger/crypto';
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
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
  VAULT_SECRET_LABEL,
} from './aes-gcm-api-key.cipher';

async function ringOf(): Promise<DataKeyRing> {
  const ring = new DataKeyRing();
  await ring.load({ generateIfMissing: true });
  return ring;
}

const b64 = (value: string) => Buffer.from(value, 'base64');
const bodyOf = (e: EncryptedApiKey) => b64(e.ciphertext.split('.')[1]);
const withBody = (e: EncryptedApiKey, body: Buffer): EncryptedApiKey => ({
  ...e,
  ciphertext: `v2.${body.toString('base64')}`,
});
const flip = (buffer: Buffer, index: number) => {
  const copy = Buffer.from(buffer);
  copy[index] ^= 0x01;
  return copy;
};

describe('AesGcmApiKeyCipher', () => {
  let ring: DataKeyRing;
  let master: Buffer;
  let cipher: AesGcmApiKeyCipher;
  const legacyMaster = randomBytes(32);
  const plaintext = `sk-${randomBytes(24).toString('hex')}`;
  const secret = ApiKeySecret.of(plaintext);
  const binding: ApiKeyBinding = { userId: randomUUID(), service: 'openai' };
  let encrypted: EncryptedApiKey;

  beforeAll(async () => {
    ring = await ringOf();
    master = ring.deriveSecretFor(ring.activeKeyId, VAULT_SECRET_LABEL);
    cipher = new AesGcmApiKeyCipher(ring, () => legacyMaster);
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
    expect(encrypted.ciphertext).toMatch(/^v2\.[A-Za-z0-9+/]+={0,2}$/);
    expect(encrypted.keyId).toBe(ring.activeKeyId);
    expect(bodyOf(encrypted)).toHaveLength(Buffer.byteLength(plaintext) + TAG_BYTES);
  });

  it("is AES-256-GCM under PBKDF2-SHA256 with 100,000 iterations over the vault key's secret and the row salt", () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const key = pbkdf2Sync(master, b64(encrypted.salt), 100_000, 32, 'sha256');
    const body = bodyOf(encrypted);
    const decipher = createDecipheriv('aes-256-gcm', key, b64(encrypted.nonce));
    decipher.setAAD(aadOf(binding, ring.activeKeyId));
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

  it('does not open under another vault key ring, nor under a key id the ring lacks', async () => {
    await expect(
      new AesGcmApiKeyCipher(await ringOf()).decrypt(encrypted, binding),
    ).rejects.toBeInstanceOf(ApiKeyUndecryptableError);
    await expectUndecryptable({ ...encrypted, keyId: 'some-other-key' });
    await expectUndecryptable({ ...encrypted, keyId: null });
  });

  it('encrypts under the newest key after a rotation and still opens what older keys encrypted', async () => {
    const rotating = await ringOf();
    const vault = new AesGcmApiKeyCipher(rotating);
    const before = await vault.encrypt(secret, binding);
    const oldKey = rotating.activeKeyId;
    rotating.rotate();
    const after = await vault.encrypt(secret, binding);
    expect(before.keyId).toBe(oldKey);
    expect(after.keyId).toBe(rotating.activeKeyId);
    expect(after.keyId).not.toBe(oldKey);
    expect((await vault.decrypt(before, binding)).reveal()).toBe(plaintext);
    expect((await vault.decrypt(after, binding)).reveal()).toBe(plaintext);
    // the key id is authenticated: a row relabelled with another key id does not open
    await expect(vault.decrypt({ ...before, keyId: after.keyId }, binding)).rejects.toBeInstanceOf(
      ApiKeyUndecryptableError,
    );
  });

  it('opens a v1 row (stored before the ring, keyed from the signing keys) while that secret exists', async () => {
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const key = pbkdf2Sync(legacyMaster, salt, PBKDF2_ITERATIONS, 32, 'sha256');
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(Buffer.from(`opsledger:api-key:v1:${binding.userId}:${binding.service}`, 'utf8'));
    const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
    const v1: EncryptedApiKey = {
      ciphertext: `v1.${body.toString('base64')}`,
      nonce: nonce.toString('base64'),
      salt: salt.toString('base64'),
      keyId: null,
    };
    expect((await cipher.decrypt(v1, binding)).reveal()).toBe(plaintext);
    await expect(new AesGcmApiKeyCipher(ring).decrypt(v1, binding)).rejects.toBeInstanceOf(
      ApiKeyUndecryptableError,
    );
    await expect(
      new AesGcmApiKeyCipher(ring, () => randomBytes(32)).decrypt(v1, binding),
    ).rejects.toBeInstanceOf(ApiKeyUndecryptableError);
  });

  it('refuses malformed stored values with the same error', async () => {
    await expectUndecryptable({ ...encrypted, ciphertext: 'v3.' + encrypted.ciphertext.slice(3) });
    await expectUndecryptable({ ...encrypted, ciphertext: 'v1.' + encrypted.ciphertext.slice(3) });
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

  it('does not expose the ring or a derived secret it holds', () => {
    expect(JSON.stringify(cipher)).not.toContain(master.toString('hex'));
    expect(inspect(cipher, { showHidden: true, depth: 5 })).not.toContain(master.toString('hex'));
  });
});
