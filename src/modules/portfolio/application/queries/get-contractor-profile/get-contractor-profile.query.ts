import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ContractorProfileView } from '../contractor-profile.read-model';

export class GetContractorProfileQuery extends Query<ContractorProfileView> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}
