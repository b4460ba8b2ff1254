import { ApiKeySecret } from './api-key-secret';
import { ApiKeyService } from './api-key-service';

/** What the vault stores for one key; opaque outside the cipher, never put in an event. */
export interface EncryptedApiKey {
  /** Ciphertext with the authentication tag appended. */
  ciphertext: string;
  nonce: string;
  salt: string;
  /**
   * The vault key it is encrypted under (the vault's own key ring); null for a key stored
   * before the ring existed (scheme v1, keyed from the signing keys) until it is re-encrypted.
   */
  keyId: string | null;
}

/** The owner and service a ciphertext is bound to: it opens only for the same pair. */
export interface ApiKeyBinding {
  userId: string;
  service: ApiKeyService;
}

/**
 * Port: authenticated encryption of third-party keys. `decrypt` throws
 * ApiKeyUndecryptableError when the ciphertext, nonce, salt or binding is not the one written.
 */
export abstract class ApiKeyCipher {
  abstract encrypt(secret: ApiKeySecret, binding: ApiKeyBinding): Promise<EncryptedApiKey>;
  abstract decrypt(encrypted: EncryptedApiKey, binding: ApiKeyBinding): Promise<ApiKeySecret>;
  /** The key id new encryptions use: a stored key under any other wants re-encryption. */
  abstract get activeKeyId(): string;
}
