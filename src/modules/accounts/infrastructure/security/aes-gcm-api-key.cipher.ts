import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ApiKeyUndecryptableError } from '../../domain/accounts.errors';
import { ApiKeyBinding, ApiKeyCipher, EncryptedApiKey } from '../../domain/api-key-cipher.port';
import { ApiKeySecret } from '../../domain/api-key-secret';

const pbkdf2Async = promisify(pbkdf2);

/** Spec 002: "All API keys encrypted using PBKDF2 with 100,000 iterations". */
export const PBKDF2_ITERATIONS = 100_000;
export const SALT_BYTES = 16;
/** 96 bits: the nonce size GCM is specified for; any other is hashed into one. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** v1: master secret derived from the oldest signing key (read only, until re-encrypted). */
const LEGACY_FORMAT = 'v1';
/** v2: master secret from the vault's own key ring, the key id stored beside the row. */
const FORMAT = 'v2';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** HKDF label of a vault key's master secret. */
export const VAULT_SECRET_LABEL = 'api-key-vault';

/** The vault's key ring as the cipher needs it (libs/crypto DataKeyRing fits). */
export interface VaultKeys {
  readonly activeKeyId: string;
  has(kid: string): boolean;
  deriveSecretFor(kid: string, label: string): Buffer;
}

/** Additional authenticated data: the ciphertext opens only for this owner and service. */
export function aadOf(binding: ApiKeyBinding, keyId: string | null = null): Buffer {
  const owner = `${binding.userId.toLowerCase()}:${binding.service}`;
  return Buffer.from(
    keyId === null
      ? `opsledger:api-key:${LEGACY_FORMAT}:${owner}`
      : `opsledger:api-key:${FORMAT}:${keyId}:${owner}`,
    'utf8',
  );
}

function decode(value: string | null | undefined, bytes?: number): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new ApiKeyUndecryptableError();
  const buffer = Buffer.from(value, 'base64');
  if (bytes !== undefined && buffer.length !== bytes) throw new ApiKeyUndecryptableError();
  return buffer;
}

/**
 * AES-256-GCM under a key derived per row with PBKDF2-SHA256 from a master secret and a
 * random salt. The master secret comes from the vault's own key ring (VAULT_KEYS /
 * VAULT_KEYS_FILE): the active key encrypts, every key of the ring decrypts, and the row
 * records the key id, so rotating is putting a new key in front, re-encrypting
 * (ApiKeyReencryption) and then dropping the old key. Rows from before the ring (v1, keyed
 * from the oldest signing key) still open while that signing key exists and are re-encrypted
 * first. A fresh salt per encryption gives every row its own key, so a random 96-bit nonce
 * never meets the same key twice in practice. The GCM tag is appended to the ciphertext; the
 * AAD binds it to (user, service) and to the key id.
 */
export class AesGcmApiKeyCipher extends ApiKeyCipher {
  readonly #keys: VaultKeys;
  readonly #legacyMaster: (() => Buffer | undefined) | undefined;

  /** `legacyMaster`: the v1 master secret while it can still be derived (undefined after). */
  constructor(keys: VaultKeys, legacyMaster?: () => Buffer | undefined) {
    super();
    this.#keys = keys;
    this.#legacyMaster = legacyMaster;
  }

  get activeKeyId(): string {
    return this.#keys.activeKeyId;
  }

  async encrypt(secret: ApiKeySecret, binding: ApiKeyBinding): Promise<EncryptedApiKey> {
    const keyId = this.#keys.activeKeyId;
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const key = await this.deriveKey(this.#keys.deriveSecretFor(keyId, VAULT_SECRET_LABEL), salt);
    try {
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadOf(binding, keyId));
      const body = Buffer.concat([
        cipher.update(secret.reveal(), 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return {
        ciphertext: `${FORMAT}.${body.toString('base64')}`,
        nonce: nonce.toString('base64'),
        salt: salt.toString('base64'),
        keyId,
      };
    } finally {
      key.fill(0);
    }
  }

  async decrypt(encrypted: EncryptedApiKey, binding: ApiKeyBinding): Promise<ApiKeySecret> {
    const [format, encoded, extra] = (encrypted.ciphertext ?? '').split('.');
    if (extra !== undefined) throw new ApiKeyUndecryptableError();
    const keyId = encrypted.keyId ?? null;
    const master = this.masterFor(format, keyId);
    const body = decode(encoded);
    const nonce = decode(encrypted.nonce, NONCE_BYTES);
    const salt = decode(encrypted.salt, SALT_BYTES);
    if (body.length <= TAG_BYTES) throw new ApiKeyUndecryptableError();
    const key = await this.deriveKey(master, salt);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(aadOf(binding, keyId));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return ApiKeySecret.of(plaintext.toString('utf8'));
    } catch {
      // Whatever failed (tag, AAD, a plaintext that is no key), the caller learns one thing only.
      throw new ApiKeyUndecryptableError();
    } finally {
      key.fill(0);
      master.fill(0);
    }
  }

  private masterFor(format: string | undefined, keyId: string | null): Buffer {
    if (format === FORMAT && keyId !== null && this.#keys.has(keyId))
      return this.#keys.deriveSecretFor(keyId, VAULT_SECRET_LABEL);
    if (format === LEGACY_FORMAT && keyId === null) {
      const legacy = this.#legacyMaster?.();
      if (legacy && legacy.length >= 32) return Buffer.from(legacy);
    }
    throw new ApiKeyUndecryptableError();
  }

  private deriveKey(master: Buffer, salt: Buffer): Promise<Buffer> {
    return pbkdf2Async(master, salt, PBKDF2_ITERATIONS, KEY_BYTES, 'sha256').finally(() =>
      master.fill(0),
    );
  }
}
