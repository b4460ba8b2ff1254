import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { loggableError, RequestScope } from '@opsledger/persistence';
import pino, { DestinationStream, Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { registerServiceLogTap, ServiceLogTap } from '../platform/service-log-tap';
import { parseTrustProxy } from '../config/trust-proxy';
import { refuseFrameworkError } from './hostile-input';
import { lazyChildLogger } from './request-logger';

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.clientSecret',
  '*.key',
  '*.passwordHash',
  '*.password_hash',
  '*.parameters',
];

/** Errors under any of these keys go through loggableError (no statement parameters, no row values). */
const ERROR_KEYS = ['err', 'error', 'cause', 'reason'] as const;

/**
 * Serializers of the root logger: pino's standard error serializer copies every enumerable
 * property, which for TypeORM's QueryFailedError means the statement's bound values and
 * PostgreSQL's row `detail` (a password hash, a token hash, a ciphertext). Errors are
 * reduced to what may be logged (libs/persistence loggableError): type, message, stack,
 * SQLSTATE, table, column, constraint and statement text.
 */
export const LOG_SERIALIZERS: Record<string, (value: unknown) => unknown> = Object.fromEntries(
  ERROR_KEYS.map((key) => [key, loggableError]),
);

/**
 * The one pino instance: Fastify's request logger and Nest's logger (nestjs-pino, bound to
 * it) write through it, so every line is JSON and, inside a request, carries the request id
 * (Fastify's child logger) and the correlation id (from the request context).
 */
export function createRootLogger(
  config: Pick<AppConfig, 'LOG_LEVEL'>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: LOG_SERIALIZERS,
    mixin() {
      const correlationId = RequestScope.read<string>('correlationId');
      return correlationId === undefined ? {} : { correlationId };
    },
  };
  // A second destination at `warn` feeds system_logs (ServiceLogTap): the logger runs at the
  // lower of LOG_LEVEL and warn, the output keeps LOG_LEVEL.
  const outputLevel = config.LOG_LEVEL;
  const tap = new ServiceLogTap();
  const logger = pino(
    {
      ...options,
      level: pino.levels.values[outputLevel] < pino.levels.values.warn ? outputLevel : 'warn',
    },
    pino.multistream([
      { level: outputLevel as pino.Level, stream: destination ?? standardOutput() },
      { level: 'warn', stream: tap.stream() },
    ]),
  );
  registerServiceLogTap(logger, tap);
  return logger;
}

/**
 * What pino writes to by default: a SonicBoom on fd 1, unless something (a test runner) has
 * replaced `process.stdout.write`, when it writes through process.stdout as pino itself does.
 */
function standardOutput(): DestinationStream {
  const stdout = process.stdout as NodeJS.WriteStream & { constructor: { prototype: object } };
  const tampered = stdout.write !== (stdout.constructor.prototype as { write?: unknown }).write;
  return tampered ? process.stdout : pino.destination(1);
}

export function createHttpAdapter(
  config: Pick<AppConfig, 'BODY_LIMIT_BYTES' | 'TRUST_PROXY'>,
  logger: Logger,
): FastifyAdapter {
  const trust = parseTrustProxy(config.TRUST_PROXY);
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // The same trust decides the request context's ip (PersistenceModule's clientAddress).
    trustProxy: typeof trust === 'function' ? trust : false,
    // a 400 problem rather than Fastify's own 414/400 bodies (docs/decisions.md, issue 11)
    frameworkErrors: refuseFrameworkError,
    loggerInstance: logger,
    // the request's child logger is made when something logs through it (request-logger.ts)
    childLoggerFactory: lazyChildLogger,
    // One line per request is written by the onResponse hook (configure-app.ts).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
  });
}
