import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { DocumentView } from '../crm.read-model';
import { CrmReader } from '../crm.reader';
import { GetDocumentQuery } from './get-document.query';

@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery, DocumentView> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
  ) {}

  async execute(query: GetDocumentQuery): Promise<DocumentView> {
    const investor = investorOf(query.actor);
    const view = await this.db.read(() => this.reader.document(investor, query.documentId));
    if (!view) throw new NotFoundError('document', query.documentId);
    return view;
  }
}
