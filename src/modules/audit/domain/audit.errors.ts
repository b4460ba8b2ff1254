import { DomainError } from '@opsledger/ddd';

/** Nothing committed yet: there is no event to seal and no earlier seal to show. */
export class NothingToSealError extends DomainError {
  constructor() {
    super('AUDIT.NOTHING_TO_SEAL', 'conflict', 'The ledger holds no committed event to seal yet');
  }
}
