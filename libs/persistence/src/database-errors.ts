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

/** Maps a PostgreSQL failure to a domain error, or returns undefined for anything else. */
export function translateDatabaseError(error: unknown): DomainError | undefined {
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
