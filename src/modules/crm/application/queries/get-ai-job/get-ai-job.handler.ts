import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { AiJobView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetAiJobQuery } from './get-ai-job.query';

@QueryHandler(GetAiJobQuery)
export class GetAiJobHandler implements IQueryHandler<GetAiJobQuery, AiJobView> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetAiJobQuery): Promise<AiJobView> {
    const investor = investorOf(query.actor);
    const view = await this.db.read(() => this.reader.aiJob(investor, query.jobId));
    if (!view) throw new NotFoundError('ai_job', query.jobId);
    return view;
  }
}
