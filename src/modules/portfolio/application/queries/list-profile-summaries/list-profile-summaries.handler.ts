import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ProfileSummaryView } from '../contractor-profile.read-model';
import { ContractorProfileReader } from '../contractor-profile.reader';
import { ListProfileSummariesQuery } from './list-profile-summaries.query';

@QueryHandler(ListProfileSummariesQuery)
export class ListProfileSummariesHandler implements IQueryHandler<ListProfileSummariesQuery> {
  constructor(
    private readonly db: Db,
    private readonly profiles: ContractorProfileReader,
  ) {}

  execute({ filter }: ListProfileSummariesQuery): Promise<ProfileSummaryView[]> {
    return this.db.read(() => this.profiles.listSummaries(filter));
  }
}
