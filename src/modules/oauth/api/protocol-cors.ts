import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Db, RequestContext } from '@opsledger/persistence';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthClientReader } from '../application/queries/oauth-client.reader';

/** Public metadata: any web page may read it (OpenID Connect Discovery, RFC 8414, the key set). */
const OPEN_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
]);
/** Endpoints a browser-based client calls itself: only from an origin a client registered. */
const CLIENT_PATHS = new Set(['/oauth/token', '/oauth/revoke', '/oauth/userinfo']);
const ALLOWED_HEADERS = 'authorization, content-type, dpop';
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for the OAuth protocol endpoints, apart from the API's (CORS_ORIGINS): discovery and
 * the JWKS are open to every origin; token, revocation and userinfo answer an origin only
 * when an active client lists it in `allowedOrigins`, preflight included (a preflight cannot
 * say which client is asking). No credentials mode: these endpoints take no cookies.
 */
@Injectable()
export class ProtocolCors implements OnModuleInit {
  private readonly logger = new Logger(ProtocolCors.name);

  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly clients: OAuthClientReader,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', (request, reply) => this.handle(request, reply));
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const origin = request.headers.origin;
    const path = request.url.split('?')[0];
    const open = OPEN_PATHS.has(path);
    if (typeof origin !== 'string' || (!open && !CLIENT_PATHS.has(path))) return;
    let allowed = open;
    if (!allowed) {
      try {
        allowed = await this.context.asSystem(() =>
          this.db.read(() => this.clients.isAllowedOrigin(origin)),
        );
      } catch (error) {
        this.logger.warn({ err: error }, 'allowed origins could not be read');
      }
    }
    if (allowed) {
      void reply.header('access-control-allow-origin', open ? '*' : origin);
      if (!open) void reply.header('vary', 'Origin');
    }
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return;
    // A preflight is answered here, before any route (there is none for OPTIONS).
    if (allowed) {
      void reply
        .header('access-control-allow-methods', open ? 'GET, OPTIONS' : 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', PREFLIGHT_MAX_AGE);
    }
    return reply.status(204).send();
  }
}
