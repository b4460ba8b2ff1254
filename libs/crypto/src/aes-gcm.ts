import { createCipheriv, createDecipheriv, KeyObject, randomBytes } from 'node:crypto';

export const AES_KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/** A value sealed with AES-256-GCM: the nonce, then the ciphertext with its tag appended. */
export interface GcmSealed {
  iv: Buffer;
  /** Ciphertext followed by the 16-byte authentication tag. */
  ciphertext: Buffer;
}

/** The authentication tag did not match: wrong key, wrong associated data, or changed bytes. */
export class DecryptionFailedError extends Error {
  constructor(what = 'ciphertext') {
    super(`${what} could not be decrypted (wrong key, wrong associated data or altered bytes)`);
    this.name = 'DecryptionFailedError';
  }
}

const keyBytes = (key: Buffer | KeyObject) =>
  key instanceof KeyObject ? key.symmetricKeySize : key.length;

/**
 * AES-256-GCM with associated data; a random nonce unless the caller derives one. A key used
 * often should be a `KeyObject` (`createSecretKey`): Node 24 spends about 10 µs turning a raw
 * Buffer key into one on every call, four times the sealing itself.
 */
export function gcmSeal(
  key: Buffer | KeyObject,
  plaintext: Buffer,
  aad: Buffer,
  iv?: Buffer,
): GcmSealed {
  if (keyBytes(key) !== AES_KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  const nonce = iv ?? randomBytes(GCM_IV_BYTES);
  if (nonce.length !== GCM_IV_BYTES) throw new Error('AES-GCM needs a 12-byte nonce');
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv: nonce, ciphertext: body };
}

export function gcmOpen(
  key: Buffer | KeyObject,
  sealed: GcmSealed,
  aad: Buffer,
  what?: string,
): Buffer {
  const { iv, ciphertext } = sealed;
  if (iv.length !== GCM_IV_BYTES || ciphertext.length < GCM_TAG_BYTES)
    throw new DecryptionFailedError(what);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - GCM_TAG_BYTES));
    return Buffer.concat([
      decipher.update(ciphertext.subarray(0, ciphertext.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionFailedError(what);
  }
}

/** `iv ‖ ciphertext ‖ tag`, the one binary form sealed values are stored in. */
export function packSealed(sealed: GcmSealed): Buffer {
  return Buffer.concat([sealed.iv, sealed.ciphertext]);
}

export function unpackSealed(packed: Buffer): GcmSealed {
  return {
    iv: packed.subarray(0, GCM_IV_BYTES),
    ciphertext: packed.subarray(GCM_IV_BYTES),
  };
}
