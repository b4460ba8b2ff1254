import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ObjectStorage } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { DocumentNotFoundError } from '../../../domain/documents.errors';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import { DOCUMENT_SETTINGS, DocumentSettings } from '../../document-settings';
import { DocumentView } from '../documents.read-model';
import { DocumentsReader } from '../documents.reader';
import { GetDocumentQuery } from './get-document.query';

export type DocumentWithDownload = DocumentView & {
  download: { url: string; expiresAt: string };
};

/** One document with a short-lived signed URL for its bytes. */
@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery, DocumentWithDownload> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly reader: DocumentsReader,
    private readonly storage: ObjectStorage,
    @Inject(DOCUMENT_SETTINGS) private readonly settings: DocumentSettings,
  ) {}

  async execute(query: GetDocumentQuery): Promise<DocumentWithDownload> {
    const found = await this.db.read(async () => {
      const { tenantId, contractorId } = await contractorForDocuments(
        this.directory,
        query.actor,
        query.contractorId,
      );
      return this.reader.get(tenantId, contractorId, query.documentId);
    });
    if (!found) throw new DocumentNotFoundError(query.documentId);
    const { s3Key, ...view } = found;
    const ttl = this.settings.urlTtlSeconds;
    const url = await this.storage.signedUrl(s3Key, ttl, { filename: view.originalName });
    return {
      ...view,
      download: { url, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() },
    };
  }
}
