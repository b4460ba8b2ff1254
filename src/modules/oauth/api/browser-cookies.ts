import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InteractionCodec } from '../application/interaction';
import { TokenMint } from '../application/token-mint';
import { SSO_SESSION_TTL_MS } from '../domain/sso-session.aggregate';

const BROWSER = 'opsledger_op_browser';
const SESSION = 'opsledger_op_session';

/** Reads a cookie from the Cookie header (RFC 6265 §5.4), first occurrence wins. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The provider's two cookies, signed, HttpOnly, SameSite=Lax and scoped to /oauth: one
 * identifies the browser (the anchor of the pages' CSRF tokens), one carries the sign-in
 * session. Fastify has no cookie plugin installed here, so the headers are written by hand.
 */
@Injectable()
export class BrowserCookies {
  constructor(
    private readonly codec: InteractionCodec,
    private readonly mint: TokenMint,
  ) {}

  private get secure(): boolean {
    return this.mint.issuerUrl.startsWith('https:');
  }

  private append(
    reply: FastifyReply,
    name: string,
    value: string,
    maxAgeSeconds: number | null,
  ): void {
    const attributes = [`${name}=${value}`, 'Path=/oauth', 'HttpOnly', 'SameSite=Lax'];
    if (maxAgeSeconds !== null) attributes.push(`Max-Age=${maxAgeSeconds}`);
    if (this.secure) attributes.push('Secure');
    const existing = reply.getHeader('set-cookie');
    const list = Array.isArray(existing)
      ? existing
      : typeof existing === 'string'
        ? [existing]
        : [];
    void reply.header('set-cookie', [...list, attributes.join('; ')]);
  }

  browserId(request: FastifyRequest): string | null {
    return this.codec.openCookie(BROWSER, readCookie(request, BROWSER));
  }

  /** The browser's id, minting and setting one when it has none yet. */
  ensureBrowserId(request: FastifyRequest, reply: FastifyReply): string {
    const existing = this.browserId(request);
    if (existing) return existing;
    const id = this.codec.newBrowserId();
    this.append(reply, BROWSER, this.codec.signCookie(BROWSER, id), null);
    return id;
  }

  sessionId(request: FastifyRequest): string | null {
    return this.codec.openCookie(SESSION, readCookie(request, SESSION));
  }

  setSession(reply: FastifyReply, sessionId: string): void {
    this.append(
      reply,
      SESSION,
      this.codec.signCookie(SESSION, sessionId),
      Math.floor(SSO_SESSION_TTL_MS / 1000),
    );
  }

  clearSession(reply: FastifyReply): void {
    this.append(reply, SESSION, '', 0);
  }
}
