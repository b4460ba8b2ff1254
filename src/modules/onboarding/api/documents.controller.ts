import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, MultipartRoute, Route, UuidParam } from '@opsledger/http';
import { contentDisposition } from '@opsledger/object-storage';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UploadDocumentCommand } from '../application/commands/upload-document/upload-document.command';
import { DOCUMENT_SETTINGS, DocumentSettings } from '../application/document-settings';
import { DocumentPageView, DocumentView } from '../application/queries/documents.read-model';
import { DocumentContent } from '../application/queries/get-document-content/get-document-content.handler';
import { GetDocumentContentQuery } from '../application/queries/get-document-content/get-document-content.query';
import { DocumentWithDownload } from '../application/queries/get-document/get-document.handler';
import { GetDocumentQuery } from '../application/queries/get-document/get-document.query';
import { ListDocumentsQuery } from '../application/queries/list-documents/list-documents.query';
import { DOCUMENT_TYPES } from '../domain/contractor-document.aggregate';
import { InvalidDocumentFieldError, UploadMissingFileError } from '../domain/documents.errors';
import type { DocumentType } from '../domain/events/contractor-document.events';
import {
  DocumentPageResponseDto,
  ContractorDocumentResponseDto,
  DocumentWithDownloadResponseDto,
  ListDocumentsQueryDto,
  UPLOAD_DOCUMENT_SCHEMA,
} from './dto/document.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHO =
  "The tenant's reviewers (owner, admin) or the contractor's own user; anyone else gets a 404.";

/** A form field's text, if the part is a plain field (not a file). */
function fieldValue(part: unknown): string | undefined {
  if (!part || Array.isArray(part) || typeof part !== 'object') return undefined;
  const p = part as { type?: string; value?: unknown };
  return p.type === 'field' && typeof p.value === 'string' ? p.value : undefined;
}

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@Controller('contractors/:contractorId/documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(DOCUMENT_SETTINGS) private readonly settings: DocumentSettings,
  ) {}

  @Route.Create({
    summary: 'Upload a document for a contractor',
    description:
      `${WHO} multipart/form-data: the fields \`type\` (and \`insurancePolicyId\` for a certificate) first, ` +
      'the `file` last. The file streams to object storage; its type is read from its content (an ' +
      'executable under any name is a 415), it may not exceed the size limit (413), its SHA-256 is ' +
      'computed on the way, and a file the contractor already uploaded is a 409 naming the existing ' +
      'document. Text extraction (PDF text or OCR) runs afterwards in a job: `status` becomes ' +
      '`processed` and a certificate tied to a policy is checked against it (`verificationStatus`).',
    type: ContractorDocumentResponseDto,
    idempotent: false,
    unitOfWork: false,
    problems: [404, 413, 415, 422],
  })
  @MultipartRoute()
  @ApiBody({ schema: UPLOAD_DOCUMENT_SCHEMA as never })
  async upload(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    const part = await request.file({
      limits: { fileSize: this.settings.maxBytes + 1, files: 1, fields: 5, fieldSize: 200 },
    });
    if (!part) throw new UploadMissingFileError();
    const type = fieldValue(part.fields.type);
    if (!type || !DOCUMENT_TYPES.includes(type as DocumentType))
      throw new InvalidDocumentFieldError(
        'type',
        `type must be one of ${DOCUMENT_TYPES.join(', ')} and come before the file`,
      );
    const policy = fieldValue(part.fields.insurancePolicyId);
    if (policy !== undefined && !UUID.test(policy))
      throw new InvalidDocumentFieldError('insurancePolicyId', 'insurancePolicyId must be a UUID');
    const { id } = await this.commands.execute<UploadDocumentCommand, { id: string }>(
      new UploadDocumentCommand(
        actor,
        contractorId,
        {
          type: type as DocumentType,
          insurancePolicyId: policy ?? null,
          originalName: part.filename || 'document',
        },
        part.file,
      ),
    );
    const { download: _download, ...view } = await this.queries.execute<
      GetDocumentQuery,
      DocumentWithDownload
    >(new GetDocumentQuery(actor, contractorId, id));
    return view;
  }

  @Route.List({
    summary: "A contractor's documents, newest first",
    description: `${WHO} Filter by \`type\`; \`ocrData\` holds the extracted text and any mismatch.`,
    type: DocumentPageResponseDto,
    problems: [404],
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @Query() query: ListDocumentsQueryDto,
  ): Promise<DocumentPageView> {
    return this.queries.execute(
      new ListDocumentsQuery(actor, contractorId, {
        type: query.type,
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({
    path: ':documentId',
    summary: 'A document, with a short-lived download URL',
    description: `${WHO} \`download.url\` is signed and expires (DOCUMENT_URL_TTL_SECONDS).`,
    type: DocumentWithDownloadResponseDto,
  })
  get(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @UuidParam('documentId') documentId: string,
  ): Promise<DocumentWithDownload> {
    return this.queries.execute(new GetDocumentQuery(actor, contractorId, documentId));
  }

  @Get(':documentId/content')
  @ApiOperation({
    summary: "A document's bytes, streamed",
    description: `${WHO} Supports one \`Range: bytes=…\` (206); a range outside the file is a 416.`,
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range (`Content-Range`)' })
  @ApiProblems(400, 401, 403, 404, 416)
  async content(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @UuidParam('documentId') documentId: string,
    @Headers('range') range: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { content, filename } = await this.queries.execute<
      GetDocumentContentQuery,
      DocumentContent
    >(new GetDocumentContentQuery(actor, contractorId, documentId, range));
    const length = content.range ? content.range.end - content.range.start + 1 : content.size;
    void reply
      .status(content.range ? 206 : 200)
      .headers({
        'content-type': content.contentType,
        'content-length': String(length),
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-store',
        'content-disposition': contentDisposition(filename),
        ...(content.range
          ? { 'content-range': `bytes ${content.range.start}-${content.range.end}/${content.size}` }
          : {}),
      })
      .send(content.stream);
  }
}
