import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { ObjectContent, ObjectStorage, parseRangeHeader } from '@opsledger/object-storage';
import { Db } from '@opsledger/persistence';
import { investorOf } from '../../crm-investor';
import { CrmReader } from '../crm.reader';
import { GetDocumentContentQuery } from './get-document-content.query';

export interface DocumentContent {
  content: ObjectContent;
  filename: string;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tiff',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'text/plain': 'txt',
};

/** Streams a visible document from object storage (one byte range if asked); never buffered. */
@QueryHandler(GetDocumentContentQuery)
export class GetDocumentContentHandler implements IQueryHandler<
  GetDocumentContentQuery,
  DocumentContent
> {
  constructor(
    private readonly db: Db,
    private readonly reader: CrmReader,
    private readonly storage: ObjectStorage,
  ) {}

  async execute(query: GetDocumentContentQuery): Promise<DocumentContent> {
    const investor = investorOf(query.actor);
    const file = await this.db.read(() => this.reader.documentFile(investor, query.documentId));
    if (!file || file.fileSize === null) throw new NotFoundError('document', query.documentId);
    const range = parseRangeHeader(query.rangeHeader, file.fileSize);
    const content = await this.storage.get(file.fileUrl, range ?? undefined);
    const extension = EXTENSIONS[file.contentType ?? ''];
    return { content, filename: extension ? `${file.title}.${extension}` : file.title };
  }
}
