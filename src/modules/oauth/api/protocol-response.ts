import { sendHtmlPage } from '@opsledger/http';
import type { FastifyReply } from 'fastify';

/** Appends parameters to a redirect URI that may already carry a query (RFC 6749 §3.1.2). */
export function withParams(uri: string, params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) search.set(k, v);
  return `${uri}${uri.includes('?') ? '&' : '?'}${search.toString()}`;
}

/**
 * A sign-in page. Chromium applies form-action to the redirects that follow a form post, and
 * those end at the client, so the client's origin joins 'self' there.
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  html: string,
  redirectTarget: string | null = null,
): FastifyReply {
  let origin: string | null = null;
  if (redirectTarget) {
    try {
      origin = new URL(redirectTarget).origin;
    } catch {
      origin = null;
    }
  }
  return sendHtmlPage(reply, status, html, { images: true, formTargets: origin ? [origin] : [] });
}

/** 303 after a POST, so a reload never re-submits; 302 answers a GET as RFC 6749's examples do. */
export function redirect(reply: FastifyReply, method: string, location: string): FastifyReply {
  return reply
    .status(method === 'POST' ? 303 : 302)
    .header('location', location)
    .header('cache-control', 'no-store')
    .send();
}
