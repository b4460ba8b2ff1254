import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { LeadView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetLeadQuery } from './get-lead.query';

/** A live lead of the investor (any of the workspace for an admin); deleted ones are gone. */
@QueryHandler(GetLeadQuery)
export class GetLeadHandler implements IQueryHandler<GetLeadQuery, LeadView> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetLeadQuery): Promise<LeadView> {
    const investor = investorOf(query.actor);
    const view = await this.db.read(() => this.reader.lead(investor, query.leadId));
    if (!view) throw new NotFoundError('lead', query.leadId);
    return view;
  }
}
