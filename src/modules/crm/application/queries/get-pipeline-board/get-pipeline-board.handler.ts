import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { PipelineStageView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetPipelineBoardQuery } from './get-pipeline-board.query';

/** The pipeline board: per stage of the active deals, count, total and weighted value. */
@QueryHandler(GetPipelineBoardQuery)
export class GetPipelineBoardHandler implements IQueryHandler<
  GetPipelineBoardQuery,
  { stages: PipelineStageView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetPipelineBoardQuery): Promise<{ stages: PipelineStageView[] }> {
    const investor = investorOf(query.actor);
    return { stages: await this.db.read(() => this.reader.pipelineBoard(investor)) };
  }
}
