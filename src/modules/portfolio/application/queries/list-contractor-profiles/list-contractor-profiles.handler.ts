import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ProfilePage } from '../contractor-profile.read-model';
import { ContractorProfileReader } from '../contractor-profile.reader';
import { ListContractorProfilesQuery } from './list-contractor-profiles.query';

/** Search over the shared contractor data: any signed-in user. */
@QueryHandler(ListContractorProfilesQuery)
export class ListContractorProfilesHandler implements IQueryHandler<ListContractorProfilesQuery> {
  constructor(
    private readonly db: Db,
    private readonly profiles: ContractorProfileReader,
  ) {}

  execute({ filter, options }: ListContractorProfilesQuery): Promise<ProfilePage> {
    return this.db.read(() => this.profiles.listProfiles(filter, options));
  }
}
