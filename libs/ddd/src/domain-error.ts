/**
 * Domain errors carry a stable code (`IDENTITY.EMAIL_TAKEN`) and a kind; one exception
 * filter turns the kind into an HTTP status and the whole error into an RFC 9457 problem.
 * The domain never throws HTTP exceptions and never names a status: the kind is the only
 * thing the filter reads.
 *
 * - `invalid_input`: the value itself is malformed or out of range (400): a blank title, a
 *   negative amount, a cursor this service did not issue.
 * - `validation`: a well-formed value that breaks a rule about the world (422): an end date
 *   before the start, a reference to a customer that is not active.
 * - `unavailable`: the service cannot answer now (its database is away, hung or saturated);
 *   the same request may succeed later (503 with Retry-After). Raised by infrastructure only.
 */
export type DomainErrorKind =
  | 'invalid_input'
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'forbidden'
  | 'unauthorized'
  | 'precondition_failed'
  | 'rate_limited'
  | 'gone'
  | 'too_large'
  | 'unsupported_media_type'
  | 'range_not_satisfiable'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id?: string) {
    super(
      `${resource.toUpperCase()}.NOT_FOUND`,
      'not_found',
      `${resource} ${id ?? ''} was not found`.replace('  ', ' '),
    );
  }
}

/** Stale aggregate version: someone else changed it since it was read. */
export class ConcurrencyError extends DomainError {
  constructor(streamType: string, id: string, expected: number, ifMatch = false) {
    super(
      'CONCURRENCY.STALE_VERSION',
      ifMatch ? 'precondition_failed' : 'conflict',
      `${streamType} ${id} was changed by someone else (expected version ${expected})`,
      { expectedVersion: expected },
    );
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(resource: string, from: string, action: string, allowed: readonly string[]) {
    super(
      `${resource.toUpperCase()}.INVALID_TRANSITION`,
      'invalid_transition',
      `Cannot ${action} a ${resource} that is ${from}`,
      { from, action, allowedTransitions: allowed },
    );
  }
}
