import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/**
 * What of a database error may reach a log line. A failed statement's parameters (password
 * hashes, token hashes, ciphertexts, personal data) and PostgreSQL's `detail` ("Failing row
 * contains (…every column…)", "Key (email)=(…) already exists") carry values; the statement
 * text, SQLSTATE, table, column and constraint do not. Everything else a driver or TypeORM
 * attaches (`parameters`, `detail`, `where`, `hint`, `internalQuery`, `driverError`, …) is left
 * out: an allow-list, so a field a later driver adds stays out too.
 */
const DATABASE_FIELDS = [
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
] as const;
/** Statement text only: placeholders, never values (and bounded). */
const MAX_QUERY_CHARS = 2_000;
/** SQLSTATE class 22 (data exception) messages quote the offending value. */
const QUOTES_VALUE = /^22/;
const MAX_DEPTH = 4;

type Plain = Record<string, unknown>;

const isObject = (value: unknown): value is Plain => typeof value === 'object' && value !== null;

/** A PostgreSQL error (pg's DatabaseError) or TypeORM's QueryFailedError around one. */
export function isDatabaseError(value: unknown): boolean {
  if (!isObject(value)) return false;
  if ((value as { name?: unknown }).name === 'QueryFailedError') return true;
  if (value.constructor?.name === 'QueryFailedError') return true;
  return (
    typeof value.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(value.code) &&
    typeof value.severity === 'string'
  );
}

function redactMessage(message: string, code: unknown): string {
  return typeof code === 'string' && QUOTES_VALUE.test(code)
    ? message.replace(/"[^"]*"/g, '"[redacted]"')
    : message;
}

function loggableDatabaseError(error: Plain): Plain {
  const driver = isObject(error.driverError) ? error.driverError : error;
  const code = driver.code ?? error.code;
  const text = [error.message, driver.message].find((m): m is string => typeof m === 'string');
  const message = redactMessage(text ?? '', code);
  const out: Plain = {
    type: (error as { name?: string }).name ?? error.constructor?.name ?? 'Error',
    message,
  };
  for (const field of DATABASE_FIELDS) {
    const value = driver[field] ?? error[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (typeof error.query === 'string') out.query = error.query.slice(0, MAX_QUERY_CHARS);
  if (typeof error.stack === 'string') {
    // the stack's first line repeats the (unredacted) message
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${String(out.type)}: ${message}`, ...frames].join('\n');
  }
  return out;
}

function loggable(value: unknown, depth: number): unknown {
  if (!isObject(value)) return value;
  if (isDatabaseError(value)) return loggableDatabaseError(value);
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((item) => loggable(item, depth + 1));
  const out: Plain = {};
  if (value instanceof Error) {
    out.type = value.name;
    out.message = value.message;
    if (value.stack) out.stack = value.stack;
  }
  for (const [key, item] of Object.entries(value)) {
    // a statement's bound values, whatever carries them
    if (key === 'parameters' || key === 'params' || key === 'bindings') continue;
    out[key] = loggable(item, depth + 1);
  }
  if (value instanceof Error && value.cause !== undefined)
    out.cause = loggable(value.cause, depth + 1);
  return out;
}

/**
 * The error as a log line may carry it (pino's `err` serializer uses it): database errors
 * reduced to their allow-listed fields, wherever they sit (a `cause`, a wrapper's property),
 * and no `parameters` at any depth.
 */
export function loggableError(error: unknown): unknown {
  return loggable(error, 0);
}

/**
 * TypeORM's logger, without statement parameters: TypeORM's own loggers print every failed
 * (or, with query logging on, every) statement with its bound values. Errors go through
 * loggableError; queries are logged as text only.
 */
export class ParameterFreeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  constructor(private readonly logQueries: boolean) {}

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (this.logQueries) this.logger.debug({ query: query.slice(0, MAX_QUERY_CHARS) }, 'query');
  }

  logQueryError(
    error: string | Error,
    query: string,
    _parameters?: unknown[],
    _queryRunner?: QueryRunner,
  ): void {
    if (!this.logQueries) return;
    this.logger.warn(
      { err: loggableError(error), query: query.slice(0, MAX_QUERY_CHARS) },
      'query failed',
    );
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown[]): void {
    this.logger.warn({ ms: time, query: query.slice(0, MAX_QUERY_CHARS) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    if (this.logQueries) this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(loggableError(message));
    else if (this.logQueries) this.logger.log(loggableError(message));
  }
}
