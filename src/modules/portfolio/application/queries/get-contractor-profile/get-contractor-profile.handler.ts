import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractorProfileView } from '../contractor-profile.read-model';
import { ContractorProfileReader } from '../contractor-profile.reader';
import { GetContractorProfileQuery } from './get-contractor-profile.query';

@QueryHandler(GetContractorProfileQuery)
export class GetContractorProfileHandler implements IQueryHandler<GetContractorProfileQuery> {
  constructor(
    private readonly db: Db,
    private readonly profiles: ContractorProfileReader,
  ) {}

  async execute({ id }: GetContractorProfileQuery): Promise<ContractorProfileView> {
    const profile = await this.db.read(() => this.profiles.getProfile(id));
    if (!profile) throw new NotFoundError('contractor profile', id);
    return profile;
  }
}
