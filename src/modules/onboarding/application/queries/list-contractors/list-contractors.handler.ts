import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ContractorQueriesReader } from '../contractor-queries.reader';
import { ContractorView } from '../onboarding.read-model';
import { ListContractorsQuery } from './list-contractors.query';

/** Every contractor of the tenant, for reviewers: newest first, in keyset pages. */
@QueryHandler(ListContractorsQuery)
export class ListContractorsHandler implements IQueryHandler<
  ListContractorsQuery,
  Page<ContractorView>
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly clock: OnboardingClock,
    private readonly reader: ContractorQueriesReader,
  ) {}

  async execute(query: ListContractorsQuery): Promise<Page<ContractorView>> {
    const { tenantId } = await this.viewers.reviewer(query.actor);
    const today = this.clock.now().toISOString().slice(0, 10);
    return this.db.read(() =>
      this.reader.contractors(tenantId, query.filter, today, query.limit, query.cursor),
    );
  }
}
