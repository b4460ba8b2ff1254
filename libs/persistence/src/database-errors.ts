import { DomainError } from '@opsledger/ddd';
import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
}

/**
 * Constraint names are the contract between migrations and error messages: the field a
 * client gets named comes from this map, never from the driver's text.
 */
const constraintFields = new Map<string, string>();

export function registerConstraintField(constraint: string, field: string): void {
  constraintFields.set(constraint, field);
}

function fieldOf(err: PgDriverError): string | undefined {
  if (err.constraint && constraintFields.has(err.constraint))
    return constraintFields.get(err.constraint);
  if (err.column) return err.column;
  const match = err.detail?.match(/^Key \(([^)]+)\)/);
  if (match) {
    const cols = match[1]
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== 'tenant_id');
    return cols[cols.length - 1];
  }
  return undefined;
}

const driverErrorOf = (error: unknown) =>
  (error instanceof QueryFailedError ? error.driverError : error) as PgDriverError | undefined;

/** Whether `error` is PostgreSQL refusing a duplicate under the named unique constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = driverErrorOf(error);
  return driver?.code === '23505' && driver.constraint === constraint;
}

/** Seconds a client is asked to wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Socket errors and SQLSTATEs that mean "the database cannot answer now", not "this request is
 * wrong": refused or reset connections, an administrator or crash shutting it down (57P01,
 * 57P02, 57P03), connection exceptions (class 08), too many connections (53300), and the
 * timeouts this service sets on itself (statement 57014, lock 55P03, idle in transaction 25P03).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53000',
  '57014',
  '55P03',
  '25P03',
]);

/** What node-postgres and its pool throw, without a code, when a connection is lost or never comes. */
const UNAVAILABLE_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /^Query read timeout/i,
  /^Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
  /^Cannot use a pool after calling end on the pool/i,
  /terminating connection due to/i,
];

/**
 * Whether `error` or what it wraps (a QueryFailedError's `driverError`, an AggregateError's
 * `errors`, `cause`; five levels at most) satisfies `test`.
 */
function anyInChain(error: unknown, test: (e: object) => boolean, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (test(error)) return true;
  const e = error as { cause?: unknown; errors?: unknown };
  if (error instanceof QueryFailedError && anyInChain(error.driverError, test, depth + 1))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => anyInChain(x, test, depth + 1))) return true;
  return anyInChain(e.cause, test, depth + 1);
}

/**
 * Whether `error` (or what it wraps, through `driverError` and `cause`) says the database is
 * away, hung or saturated: the request was not wrong and a retry later may succeed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return anyInChain(error, (e) => {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08')))
      return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message));
  });
}

/** A statement or lock timeout: the database answers, but one statement waited too long. */
const WAITED_TOO_LONG = new Set(['57014', '55P03']);

/**
 * `isDatabaseUnavailable` without the statement and lock timeouts: the database is out of reach
 * for everyone (no connection, refused, lost, shutting down, saturated), not merely slow for one
 * statement, which one locked row can cause.
 */
export function isDatabaseOutOfReach(error: unknown): boolean {
  return (
    isDatabaseUnavailable(error) &&
    !anyInChain(error, (e) => {
      const { code } = e as { code?: unknown };
      return typeof code === 'string' && WAITED_TOO_LONG.has(code);
    })
  );
}

/** The 503 a request gets while the database is away, hung or saturated. */
export class DatabaseUnavailableError extends DomainError {
  constructor(override readonly cause?: unknown) {
    super('DATABASE.UNAVAILABLE', 'unavailable', 'The database is unavailable; retry later', {
      retryAfter: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
}

/** Maps a PostgreSQL failure to a domain error, or returns undefined for anything else. */
export function translateDatabaseError(error: unknown): DomainError | undefined {
  if (error instanceof DatabaseUnavailableError) return error;
  if (isDatabaseUnavailable(error)) return new DatabaseUnavailableError(error);
  const driver = driverErrorOf(error);
  if (!driver || typeof driver.code !== 'string') return undefined;
  const field = fieldOf(driver);
  switch (driver.code) {
    case '23505':
      return new DomainError(
        'DATABASE.UNIQUE_VIOLATION',
        'conflict',
        `${field ?? 'A value'} is already taken`,
        {
          field,
        },
      );
    case '23P01':
      return new DomainError(
        'DATABASE.EXCLUSION_VIOLATION',
        'conflict',
        `${field ?? 'The value'} overlaps an existing one`,
        {
          field,
        },
      );
    case '23503':
      return new DomainError(
        'DATABASE.FOREIGN_KEY_VIOLATION',
        'validation',
        `${field ?? 'A reference'} points to nothing`,
        {
          field,
        },
      );
    case '23514':
      return new DomainError(
        'DATABASE.CHECK_VIOLATION',
        'validation',
        `${field ?? 'A value'} breaks a rule`,
        {
          field,
        },
      );
    case '23502':
      return new DomainError(
        'DATABASE.NOT_NULL_VIOLATION',
        'validation',
        `${field ?? 'A field'} is required`,
        {
          field,
        },
      );
    case '22P02':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
      return new DomainError(
        'DATABASE.INVALID_VALUE',
        'validation',
        `${field ?? 'A value'} is not valid`,
        {
          field,
        },
      );
    case '40001':
    case '40P01':
      return new DomainError(
        'DATABASE.SERIALIZATION_FAILURE',
        'conflict',
        'A concurrent change won; retry',
        {},
      );
    case '42501':
      return new DomainError(
        'DATABASE.PERMISSION_DENIED',
        'forbidden',
        'This change is not allowed',
        {},
      );
    default:
      return undefined;
  }
}
