import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import { DocumentPageView } from '../documents.read-model';
import { DocumentsReader } from '../documents.reader';
import { ListDocumentsQuery } from './list-documents.query';

/** A contractor's documents, newest first (spec 000's `{contractorId, type, createdAt: -1}`). */
@QueryHandler(ListDocumentsQuery)
export class ListDocumentsHandler implements IQueryHandler<ListDocumentsQuery, DocumentPageView> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly reader: DocumentsReader,
  ) {}

  execute(query: ListDocumentsQuery): Promise<DocumentPageView> {
    return this.db.read(async () => {
      const { tenantId, contractorId } = await contractorForDocuments(
        this.directory,
        query.actor,
        query.contractorId,
      );
      return this.reader.list(tenantId, contractorId, query.page);
    });
  }
}
