import { DomainError } from '@opsledger/ddd';

/**
 * A collection name, id, field path, filter, sort or limit the store refuses. Field paths
 * may come from a client's `sort` or filter parameters, hence a 400 rather than a crash.
 */
export class InvalidDocumentQueryError extends DomainError {
  constructor(field: string, message: string) {
    super('DOCUMENT_STORE.INVALID_QUERY', 'invalid_input', message, { field });
  }
}
