import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Client identifiers and secrets. A secret is 256 random bits, so a plain SHA-256 is the
 * right store for it (argon2 exists to slow down guessing low-entropy passwords; nobody
 * guesses 256 bits).
 */
@Injectable()
export class ClientSecrets {
  newClientId(): string {
    return `ocl_${randomBytes(16).toString('base64url')}`;
  }

  newSecret(): { plaintext: string; hash: string } {
    const plaintext = randomBytes(32).toString('base64url');
    return { plaintext, hash: sha256Hex(plaintext) };
  }

  matches(plaintext: string, hash: string | null): boolean {
    if (!hash) return false;
    const a = Buffer.from(sha256Hex(plaintext), 'hex');
    const b = Buffer.from(hash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
