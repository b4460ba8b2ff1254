import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Ten minutes to sign in and consent; then the client hears `access_denied` and starts again. */
export const INTERACTION_TTL_SECONDS = 600;

/**
 * A validated authorization request on its way through the login, tenant and consent
 * pages. It travels signed in the pages' URLs and forms, so no server state is needed and
 * an expired one still says where to send the user back.
 */
export interface Interaction {
  /** Interaction id: binds the pages' CSRF tokens to this request. */
  iid: string;
  /** Public client_id. */
  cid: string;
  /** The redirect URI, already matched exactly against the client's. */
  ruri: string;
  st?: string;
  nn?: string;
  /** Scopes requested and allowed for the client. */
  sc: string[];
  /** S256 code challenge. */
  cc?: string;
  aud: string[];
  /** prompt values (none, login, consent, select_account). */
  pr: string[];
  /** max_age in seconds. */
  ma?: number;
  /** login_hint, to prefill the login field. */
  lh?: string;
  /** Tenant the user picked on the tenant page. */
  tid?: string;
  /** The session signed in on this interaction's login page (what prompt=login asks for). */
  li?: string;
  /** Consent was given on this interaction's consent page (what prompt=consent asks for). */
  cg?: boolean;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

const sign = (key: Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest('base64url');

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** HMAC-signed interactions, cookies and CSRF tokens, under a key derived from the platform key set. */
@Injectable()
export class InteractionCodec {
  private key: Buffer | null = null;

  constructor(private readonly keys: KeyStore) {}

  private get secret(): Buffer {
    this.key ??= this.keys.deriveSecret('oauth-interaction');
    return this.key;
  }

  seal(interaction: Interaction): string {
    const body = Buffer.from(JSON.stringify(interaction)).toString('base64url');
    return `${body}.${sign(this.secret, `interaction.${body}`)}`;
  }

  /** The interaction and whether it has expired; null when it was not signed by us. */
  open(sealed: unknown, now = Date.now()): { interaction: Interaction; expired: boolean } | null {
    if (typeof sealed !== 'string' || sealed.length > 8000) return null;
    const [body, mac, extra] = sealed.split('.');
    if (
      !body ||
      !mac ||
      extra !== undefined ||
      !equal(mac, sign(this.secret, `interaction.${body}`))
    )
      return null;
    try {
      const interaction = JSON.parse(
        Buffer.from(body, 'base64url').toString('utf8'),
      ) as Interaction;
      return { interaction, expired: interaction.exp * 1000 <= now };
    } catch {
      return null;
    }
  }

  signCookie(name: string, value: string): string {
    return `${value}.${sign(this.secret, `cookie.${name}.${value}`)}`;
  }

  openCookie(name: string, signed: string | undefined): string | null {
    if (!signed) return null;
    const at = signed.lastIndexOf('.');
    if (at <= 0) return null;
    const value = signed.slice(0, at);
    return equal(signed.slice(at + 1), sign(this.secret, `cookie.${name}.${value}`)) ? value : null;
  }

  newBrowserId(): string {
    return randomBytes(18).toString('base64url');
  }

  /** Synchroniser token bound to the browser (its cookie) and to the interaction. */
  csrfToken(browserId: string, purpose: string): string {
    return sign(this.secret, `csrf.${browserId}.${purpose}`);
  }

  checkCsrf(token: unknown, browserId: string | null, purpose: string): boolean {
    return (
      typeof token === 'string' &&
      browserId !== null &&
      equal(token, this.csrfToken(browserId, purpose))
    );
  }
}
