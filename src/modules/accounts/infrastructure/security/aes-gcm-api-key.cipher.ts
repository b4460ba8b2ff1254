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
/** Names the scheme in the stored text, so a later scheme can be told apart and migrated. */
const FORMAT = 'v1';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Additional authenticated data: the ciphertext opens only for this owner and service. */
export function aadOf(binding: ApiKeyBinding): Buffer {
  return Buffer.from(
    `opsledger:api-key:${FORMAT}:${binding.userId.toLowerCase()}:${binding.service}`,
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
 * AES-256-GCM under a key derived per row with PBKDF2-SHA256 from the server's master
 * secret and a random salt. A fresh salt per encryption gives every row (and every
 * replacement) its own key, so a random 96-bit nonce never meets the same key twice in
 * practice. The GCM tag is appended to the ciphertext; the AAD binds it to (user, service),
 * so a row copied to another user or service fails to decrypt.
 */
export class AesGcmApiKeyCipher extends ApiKeyCipher {
  readonly #masterSecret: Buffer;

  constructor(masterSecret: Buffer) {
    super();
    if (masterSecret.length < 32)
      throw new Error('The API-key vault needs a master secret of at least 32 bytes');
    this.#masterSecret = Buffer.from(masterSecret);
  }

  async encrypt(secret: ApiKeySecret, binding: ApiKeyBinding): Promise<EncryptedApiKey> {
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const key = await this.deriveKey(salt);
    try {
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadOf(binding));
      const body = Buffer.concat([
        cipher.update(secret.reveal(), 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return {
        ciphertext: `${FORMAT}.${body.toString('base64')}`,
        nonce: nonce.toString('base64'),
        salt: salt.toString('base64'),
      };
    } finally {
      key.fill(0);
    }
  }

  async decrypt(encrypted: EncryptedApiKey, binding: ApiKeyBinding): Promise<ApiKeySecret> {
    const [format, encoded, extra] = (encrypted.ciphertext ?? '').split('.');
    if (format !== FORMAT || extra !== undefined) throw new ApiKeyUndecryptableError();
    const body = decode(encoded);
    const nonce = decode(encrypted.nonce, NONCE_BYTES);
    const salt = decode(encrypted.salt, SALT_BYTES);
    if (body.length <= TAG_BYTES) throw new ApiKeyUndecryptableError();
    const key = await this.deriveKey(salt);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(aadOf(binding));
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
    }
  }

  private deriveKey(salt: Buffer): Promise<Buffer> {
    return pbkdf2Async(this.#masterSecret, salt, PBKDF2_ITERATIONS, KEY_BYTES, 'sha256');
  }
}
