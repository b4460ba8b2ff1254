import { DomainError } from '@opsledger/ddd';

/** A cursor that this store did not issue, or issued for a different sort. */
export class InvalidCursorError extends DomainError {
  constructor() {
    super('REQUEST.INVALID_CURSOR', 'invalid_input', 'cursor is not a valid cursor', {
      field: 'cursor',
    });
  }
}
