import { Logger } from '@nestjs/common';
import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AES_KEY_BYTES,
  DecryptionFailedError,
  gcmOpen,
  gcmSeal,
  packSealed,
  unpackSealed,
} from './aes-gcm';

/** One key of the ring as the file holds it: a JSON Web Key of type `oct` (RFC 7517). */
export interface StoredDataKey {
  kty: 'oct';
  kid: string;
  alg: 'A256GCM';
  /** 32 random bytes, base64url. */
  k: string;
  created_at: string;
}

export interface DataKeyRingOptions {
  /** JSON file `{ "keys": [StoredDataKey, …] }`, newest last. Without it the ring lives in memory. */
  file?: string;
  /** Creates the file with one key when it is missing (development and tests, never production). */
  generateIfMissing: boolean;
  /** Keys given inline (see parseKeyList), newest last; when given, the file is not read. */
  keys?: StoredDataKey[];
}

/** A key wrapped by the ring: which ring key, and `iv ‖ ciphertext ‖ tag`. */
export interface WrappedKey {
  keyId: string;
  wrapped: Buffer;
}

/** The ring has no key with this id: the file lost a key that data still depends on. */
export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `data key ${keyId} is not in the key ring (DATA_KEYS_FILE must keep every key it ever held)`,
    );
    this.name = 'UnknownDataKeyError';
  }
}

const KID = /^[A-Za-z0-9_-]{1,100}$/;
const SEALED_TEXT = /^v1\.([A-Za-z0-9_-]{1,100})\.([A-Za-z0-9_-]+)$/;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/**
 * The platform's data-encryption keys: AES-256 keys with ids. The newest key encrypts and
 * wraps, every key decrypts and unwraps, so rotation is adding a key and nothing is ever
 * re-encrypted. Independent of the signing keys (rotating those must never make data
 * unreadable). Two uses: values encrypted in place (`encrypt`/`decrypt`, text), and keys of
 * their own wrapped by the ring (`wrapKey`/`unwrapKey`, the per-person keys of the ledger).
 * Associated data binds a ciphertext to where it belongs: the same bytes moved to another
 * row or purpose do not decrypt.
 */
export class DataKeyRing {
  private readonly logger = new Logger(DataKeyRing.name);
  private keys: Array<{ kid: string; key: Buffer; createdAt: string }> = [];

  async load(options: DataKeyRingOptions): Promise<void> {
    let stored: StoredDataKey[] = options.keys ?? [];
    if (stored.length === 0 && options.file && existsSync(options.file)) {
      const parsed = JSON.parse(await readFile(options.file, 'utf8')) as { keys?: unknown };
      if (!Array.isArray(parsed.keys)) throw new Error(`${options.file} has no "keys" array`);
      stored = parsed.keys as StoredDataKey[];
    }
    if (stored.length === 0) {
      if (!options.generateIfMissing)
        throw new Error(
          'No data keys: set DATA_KEYS_FILE to a key file (node docker/generate-data-keys.mjs writes one)',
        );
      stored = [DataKeyRing.generateKey()];
      if (options.file) {
        await mkdir(dirname(options.file), { recursive: true });
        await writeFile(options.file, `${JSON.stringify({ keys: stored }, null, 2)}\n`, {
          mode: 0o600,
        });
        this.logger.log(`Generated a data key in ${options.file}`);
      }
    }
    this.keys = stored.map((entry, i) => DataKeyRing.toKey(entry, i));
    if (new Set(this.keys.map((k) => k.kid)).size !== this.keys.length)
      throw new Error('the data key ring lists a key id twice');
  }

  /**
   * A ring written inline, `id:base64key,id:base64key,…`, the FIRST being the active key (the
   * order an operator reads: put the new key in front to rotate, drop one from the end to
   * retire it). Answers ring entries newest (active) last, as the file holds them. Throws a
   * message naming the entry, never its key.
   */
  static parseKeyList(text: string): StoredDataKey[] {
    const entries = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    if (entries.length === 0) throw new Error('lists no key (id:base64key,…)');
    const keys = entries.map((entry, i) => {
      const colon = entry.indexOf(':');
      const kid = colon > 0 ? entry.slice(0, colon) : '';
      const material = colon > 0 ? entry.slice(colon + 1) : '';
      if (!KID.test(kid)) throw new Error(`entry #${i + 1} needs an id of letters, digits, - or _`);
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material)) throw new Error(`key ${kid} is not base64`);
      const key = Buffer.from(material.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      if (key.length !== AES_KEY_BYTES) throw new Error(`key ${kid} must be 32 bytes`);
      return {
        kty: 'oct' as const,
        kid,
        alg: 'A256GCM' as const,
        k: key.toString('base64url'),
        created_at: new Date(0).toISOString(),
      };
    });
    if (new Set(keys.map((k) => k.kid)).size !== keys.length)
      throw new Error('lists a key id twice');
    return keys.reverse();
  }

  /** A new key entry for the file: append it to `keys` to rotate. */
  static generateKey(): StoredDataKey {
    return {
      kty: 'oct',
      kid: randomUUID(),
      alg: 'A256GCM',
      k: randomBytes(AES_KEY_BYTES).toString('base64url'),
      created_at: new Date().toISOString(),
    };
  }

  private static toKey(entry: StoredDataKey, index: number) {
    const key = typeof entry?.k === 'string' ? Buffer.from(entry.k, 'base64url') : Buffer.alloc(0);
    if (entry?.kty !== 'oct' || typeof entry.kid !== 'string' || !KID.test(entry.kid))
      throw new Error(
        `data key #${index + 1} needs kty "oct" and a kid of letters, digits, - or _`,
      );
    if (key.length !== AES_KEY_BYTES)
      throw new Error(`data key ${entry.kid} must be 32 bytes (base64url in "k")`);
    return { kid: entry.kid, key, createdAt: entry.created_at ?? new Date(0).toISOString() };
  }

  /** Adds a new newest key in memory (tests; in production append one to the file). */
  rotate(): string {
    const entry = DataKeyRing.generateKey();
    this.keys.push(DataKeyRing.toKey(entry, this.keys.length));
    return entry.kid;
  }

  get activeKeyId(): string {
    return this.active.kid;
  }

  get keyIds(): string[] {
    return this.keys.map((k) => k.kid);
  }

  /** Encrypts text-sized data under the newest key: `v1.<kid>.<base64url(iv ‖ ct ‖ tag)>`. */
  encrypt(plaintext: Buffer | string, aad: string): string {
    const { kid, key } = this.active;
    const data = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
    return `v1.${kid}.${packSealed(gcmSeal(key, data, utf8(aad))).toString('base64url')}`;
  }

  decrypt(sealed: string, aad: string): Buffer {
    const match = SEALED_TEXT.exec(sealed);
    if (!match) throw new DecryptionFailedError('value (not v1.<kid>.<data>)');
    const key = this.keyById(match[1]);
    return gcmOpen(key, unpackSealed(Buffer.from(match[2], 'base64url')), utf8(aad));
  }

  /** Wraps a key of another layer (a person's data key) under the newest ring key. */
  wrapKey(dataKey: Buffer, aad: string): WrappedKey {
    const { kid, key } = this.active;
    return { keyId: kid, wrapped: packSealed(gcmSeal(key, dataKey, utf8(aad))) };
  }

  unwrapKey(wrapped: WrappedKey, aad: string): Buffer {
    return gcmOpen(this.keyById(wrapped.keyId), unpackSealed(wrapped.wrapped), utf8(aad), 'key');
  }

  /**
   * A stable secret for a purpose (HKDF over the oldest key), the same on every instance and
   * after every rotation, as long as the ring keeps its first key.
   */
  deriveSecret(label: string): Buffer {
    const oldest = this.keys[0];
    if (!oldest) throw new Error('DataKeyRing is not loaded');
    return Buffer.from(hkdfSync('sha256', oldest.key, 'opsledger-data', label, 32));
  }

  /**
   * A secret for a purpose derived from one given key of the ring (HKDF), for a layer that
   * keys its own scheme with it and records the key id beside what it protects (the API-key
   * vault). Throws UnknownDataKeyError once that key has left the ring.
   */
  deriveSecretFor(kid: string, label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.keyById(kid), 'opsledger-data', label, 32));
  }

  has(kid: string): boolean {
    return this.keys.some((k) => k.kid === kid);
  }

  private get active() {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('DataKeyRing is not loaded');
    return key;
  }

  private keyById(kid: string): Buffer {
    const found = this.keys.find((k) => k.kid === kid);
    if (!found) throw new UnknownDataKeyError(kid);
    return found.key;
  }
}
