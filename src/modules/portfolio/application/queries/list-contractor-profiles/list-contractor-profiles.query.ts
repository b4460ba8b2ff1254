import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ProfileFilter, ProfileListOptions, ProfilePage } from '../contractor-profile.read-model';

export class ListContractorProfilesQuery extends Query<ProfilePage> {
  constructor(
    readonly actor: Actor,
    readonly filter: ProfileFilter,
    readonly options: ProfileListOptions,
  ) {
    super();
  }
}
