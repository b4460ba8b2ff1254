import { Query } from '@nestjs/cqrs';
import { Page } from '@opsledger/http';
import { SealView } from './seal.read-model';

/** The seal chain, newest first. */
export class ListSealsQuery extends Query<Page<SealView>> {
  constructor(
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
