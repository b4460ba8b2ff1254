import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ObjectContent, ObjectStorage, parseRangeHeader } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { DocumentNotFoundError } from '../../../domain/documents.errors';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import { DocumentsReader } from '../documents.reader';
import { GetDocumentContentQuery } from './get-document-content.query';

export interface DocumentContent {
  content: ObjectContent;
  filename: string;
}

/** Streams from object storage; the bytes are never held here. */
@QueryHandler(GetDocumentContentQuery)
export class GetDocumentContentHandler implements IQueryHandler<
  GetDocumentContentQuery,
  DocumentContent
> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly reader: DocumentsReader,
    private readonly storage: ObjectStorage,
  ) {}

  async execute(query: GetDocumentContentQuery): Promise<DocumentContent> {
    const found = await this.db.read(async () => {
      const { tenantId, contractorId } = await contractorForDocuments(
        this.directory,
        query.actor,
        query.contractorId,
      );
      return this.reader.get(tenantId, contractorId, query.documentId);
    });
    if (!found) throw new DocumentNotFoundError(query.documentId);
    const range = parseRangeHeader(query.rangeHeader, found.fileSize);
    const content = await this.storage.get(found.s3Key, range ?? undefined);
    return { content, filename: found.originalName };
  }
}
