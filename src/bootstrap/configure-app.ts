import multipart from '@fastify/multipart';
import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemDocument } from '@opsledger/http';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { API_CSP_DIRECTIVES, registerSwaggerPageCsp } from './content-security';
import { registerSecurityHeaders } from './security-headers';
import { registerHostileInputGuard } from './hostile-input';
import { registerRawBodyCapture } from './raw-body';
import { completeDocument } from './openapi-contract';
import { requestDurationHistogram } from '../platform/metrics.controller';

export const API_PREFIX = 'api/v1';

/**
 * The OAuth 2.0 / OpenID Connect endpoints live at the root, where standard clients expect
 * them; they are listed one by one (not `oauth/{*path}`) because the admin API of the same
 * context lives under `/api/v1/oauth/…`.
 */
const OAUTH_PROTOCOL_ROUTES = [
  'oauth/authorize',
  'oauth/interaction/{*path}',
  'oauth/token',
  'oauth/revoke',
  'oauth/introspect',
  'oauth/userinfo',
  'oauth/logout',
];

/** Everything about the HTTP surface that is not a route; shared by main.ts and the tests. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(NestPinoLogger));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      'health/live',
      'health/ready',
      'metrics',
      '.well-known/{*path}',
      ...OAUTH_PROTOCOL_ROUTES,
      // the pages the verification and password-reset mails link to
      'verify-email',
      'reset-password',
    ],
  });
  app.enableShutdownHooks();

  // Fastify's own errors (malformed JSON, body too large) reach Nest's filters too, so
  // ProblemDetailsFilter answers them like every other error.
  const fastify = app.getHttpAdapter().getInstance();
  const histogram = requestDurationHistogram();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (
      (request.log as unknown as Logger).isLevelEnabled('info') &&
      route !== '/health/live' &&
      route !== '/metrics'
    ) {
      request.log.info(
        {
          method: request.method,
          route,
          url: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });

  registerSecurityHeaders(fastify, { contentSecurityPolicy: { directives: API_CSP_DIRECTIVES } });
  registerSwaggerPageCsp(fastify);
  // Registered once, here: it adds the multipart/form-data parser, which only routes marked
  // @MultipartRoute() ever reach (the guard below answers 415 elsewhere). Files stream: the
  // route reads `request.file()` and pipes it on, nothing is buffered or written to /tmp.
  await app.register(multipart, {
    limits: { files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 },
    throwFileSizeLimit: true,
  });
  registerRawBodyCapture(fastify);
  // after helmet's hook, so refusals carry the security headers too
  registerHostileInputGuard(fastify);
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      credentials: true,
      exposedHeaders: ['ETag', 'Location', 'Retry-After'],
    });
  }
  setupSwagger(app);
}

export function setupSwagger(app: INestApplication): void {
  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('OpsLedger API')
        .setDescription(
          'One backend, five products as bounded contexts, one auditable ledger. Every error is an RFC 9457 ' +
            '`application/problem+json` document. Log in with `POST /api/v1/auth/login`, then use **Authorize** ' +
            'with the access token.',
        )
        .setVersion('1')
        .addBearerAuth(
          {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Access token from /api/v1/auth/login',
          },
          'bearer',
        )
        .addBearerAuth(
          {
            type: 'http',
            scheme: 'bearer',
            description: 'METRICS_TOKEN, for the Prometheus scraper',
          },
          'metrics',
        )
        .addSecurityRequirements('bearer')
        .build(),
      { extraModels: [ProblemDocument] },
    ),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
