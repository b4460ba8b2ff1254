import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { LeadView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListLeadsQuery } from './list-leads.query';

/** Live leads, newest first, by part of name/email/phone, tag and status. */
@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery, Page<LeadView>> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  execute(query: ListLeadsQuery): Promise<Page<LeadView>> {
    const investor = investorOf(query.actor);
    return this.db.read(() => this.reader.searchLeads(investor, query.search));
  }
}
