import { createHmac, timingSafeEqual } from 'node:crypto';
import { assertValidKey } from './object-key';
import { InvalidSignedUrlError } from './object-storage.errors';

/** The path the disk adapter's signed URLs point at (served by ObjectDownloadsController). */
export const DOWNLOAD_PATH = '/api/v1/object-downloads';

export interface DownloadGrant {
  key: string;
  /** Unix seconds after which the URL is refused. */
  expiresAt: number;
  filename?: string;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Signed download URLs for stores that cannot sign their own (the disk adapter): the grant
 * (key, expiry, file name) travels in the URL's `token` query parameter, followed by an
 * HMAC-SHA256 over it under a server secret. Any change to the grant or the MAC is refused;
 * the token sits in the query string so the request log, which drops the query, never holds it.
 */
export class DownloadSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly baseUrl: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (secret.length < 32) throw new Error('DownloadSigner needs a secret of at least 32 bytes');
  }

  url(grant: DownloadGrant): string {
    const payload = b64(JSON.stringify({ k: grant.key, e: grant.expiresAt, f: grant.filename }));
    const token = `${payload}.${b64(this.mac(payload))}`;
    return `${this.baseUrl.replace(/\/+$/, '')}${DOWNLOAD_PATH}?token=${token}`;
  }

  /** The grant a token carries, if its MAC is ours and it has not expired. */
  verify(token: string): DownloadGrant {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) throw new InvalidSignedUrlError('invalid');
    // Compared as text: a base64 string with altered padding bits would decode to the same MAC.
    const given = Buffer.from(mac);
    const expected = Buffer.from(b64(this.mac(payload)));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new InvalidSignedUrlError('invalid');
    let grant: { k?: unknown; e?: unknown; f?: unknown };
    try {
      grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof grant;
    } catch {
      throw new InvalidSignedUrlError('invalid');
    }
    if (typeof grant.k !== 'string' || typeof grant.e !== 'number')
      throw new InvalidSignedUrlError('invalid');
    assertValidKey(grant.k);
    if (this.now() / 1000 > grant.e) throw new InvalidSignedUrlError('expired');
    return {
      key: grant.k,
      expiresAt: grant.e,
      filename: typeof grant.f === 'string' ? grant.f : undefined,
    };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(`opsledger:object-download:v1:${payload}`)
      .digest();
  }
}
