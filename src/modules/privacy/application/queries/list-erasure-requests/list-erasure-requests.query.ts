import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { ErasureRequestView } from '../erasure-request.read-model';

/** Every erasure request, newest first (admins). */
export class ListErasureRequestsQuery extends Query<Page<ErasureRequestView>> {
  constructor(
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
