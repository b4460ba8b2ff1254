import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { LeadDocumentView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { ListLeadDocumentsQuery } from './list-lead-documents.query';

@QueryHandler(ListLeadDocumentsQuery)
export class ListLeadDocumentsHandler implements IQueryHandler<
  ListLeadDocumentsQuery,
  { items: LeadDocumentView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: ListLeadDocumentsQuery): Promise<{ items: LeadDocumentView[] }> {
    const investor = investorOf(query.actor);
    const items = await this.db.read(() => this.reader.leadDocuments(investor, query.leadId));
    if (!items) throw new NotFoundError('lead', query.leadId);
    return { items };
  }
}
