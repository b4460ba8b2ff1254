import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface IssuedRefreshToken {
  /** What the client gets: `<tokenId>.<secret>`; never stored. */
  plaintext: string;
  id: string;
  tokenId: string;
  tokenHash: string;
}

const FORMAT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Opaque refresh tokens, stored as SHA-256 only. A successor's secret is an HMAC of its
 * predecessor's secret under a server key, so a duplicate refresh within the grace window
 * can be answered with the very same successor without ever storing a plaintext token.
 */
@Injectable()
export class RefreshTokenCodec {
  private key: Buffer | null = null;

  constructor(private readonly keys: KeyStore) {}

  first(): IssuedRefreshToken {
    return this.build(randomUUID(), randomBytes(32).toString('base64url'));
  }

  successorOf(
    presentedSecret: string,
    successorTokenId: string = randomUUID(),
  ): IssuedRefreshToken {
    this.key ??= this.keys.deriveSecret('refresh-token-successor');
    const secret = createHmac('sha256', this.key).update(presentedSecret).digest('base64url');
    return this.build(successorTokenId, secret);
  }

  parse(plaintext: string): { tokenId: string; secret: string } | null {
    const match = FORMAT.exec(plaintext);
    return match ? { tokenId: match[1], secret: match[2] } : null;
  }

  matches(secret: string, storedHash: string): boolean {
    const a = Buffer.from(sha256Hex(secret), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private build(tokenId: string, secret: string): IssuedRefreshToken {
    return {
      plaintext: `${tokenId}.${secret}`,
      id: randomUUID(),
      tokenId,
      tokenHash: sha256Hex(secret),
    };
  }
}
