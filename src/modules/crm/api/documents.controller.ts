import { Body, Controller, Get, Headers, Req, Res } from '@nestjs/common';
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
import { ApiProblems, MultipartRoute, Route, Target } from '@opsledger/http';
import { contentDisposition } from '@opsledger/object-storage';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LinkDocumentCommand } from '../application/commands/link-document/link-document.command';
import { StoreDocumentCommand } from '../application/commands/store-document/store-document.command';
import { MAX_DOCUMENT_BYTES } from '../application/commands/store-document/store-document.handler';
import { DocumentView } from '../application/queries/crm.read-model';
import { DocumentContent } from '../application/queries/get-document-content/get-document-content.handler';
import { GetDocumentContentQuery } from '../application/queries/get-document-content/get-document-content.query';
import { GetDocumentQuery } from '../application/queries/get-document/get-document.query';
import { InvalidCrmFieldError } from '../domain/crm.errors';
import { DOCUMENT_TYPES, DocumentType } from '../domain/events/re-document.events';
import {
  CrmDocumentResponseDto,
  LinkDocumentRequestDto,
  UPLOAD_DOCUMENT_SCHEMA,
} from './dto/document.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A form field's text, if the part is a plain field (not a file). */
function fieldValue(part: unknown): string | undefined {
  if (!part || Array.isArray(part) || typeof part !== 'object') return undefined;
  const p = part as { type?: string; value?: unknown };
  return p.type === 'field' && typeof p.value === 'string' ? p.value : undefined;
}

function optionalUuid(fields: Record<string, unknown>, name: 'propertyId' | 'dealId') {
  const value = fieldValue(fields[name]);
  if (value === undefined || value === '') return null;
  if (!UUID.test(value)) throw new InvalidCrmFieldError(name, `${name} must be a UUID`);
  return value;
}

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Upload a document (multipart/form-data)',
    description:
      'The fields `title`, `type` (spec 002’s document_type) and optionally `propertyId` and `dealId` first, the `file` last. ' +
      'Attached to your own property and/or deal (422 otherwise); the property becomes its primary. The file streams to ' +
      'object storage; its type is read from its content (PDF, PNG, JPEG, TIFF, GIF, WebP; anything else, or an ' +
      'executable under any name, is a 415), at most 10 MiB (413), its SHA-256 computed on the way. A deal’s timeline ' +
      'shows the upload. POST /ai-jobs { jobType: document_analysis, documentId } reads it.',
    type: CrmDocumentResponseDto,
    idempotent: false,
    unitOfWork: false,
    problems: [413, 415, 422],
  })
  @MultipartRoute()
  @ApiBody({ schema: UPLOAD_DOCUMENT_SCHEMA as never })
  async upload(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    const part = await request.file({
      limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 5, fieldSize: 400 },
    });
    if (!part)
      throw new InvalidCrmFieldError(
        'file',
        'The form has no file part (field `file`), or it comes before the other fields',
      );
    const title = fieldValue(part.fields.title)?.trim();
    if (!title || title.length > 200)
      throw new InvalidCrmFieldError('title', 'title (1–200 characters) must come before the file');
    const type = fieldValue(part.fields.type);
    if (!type || !DOCUMENT_TYPES.includes(type as DocumentType))
      throw new InvalidCrmFieldError(
        'type',
        `type must be one of ${DOCUMENT_TYPES.join(', ')} and come before the file`,
      );
    const { id } = await this.commands.execute<StoreDocumentCommand, { id: string }>(
      new StoreDocumentCommand(
        actor,
        title,
        type as DocumentType,
        part.file,
        optionalUuid(part.fields, 'propertyId'),
        optionalUuid(part.fields, 'dealId'),
      ),
    );
    return this.queries.execute(new GetDocumentQuery(actor, id));
  }

  @Route.Read({
    path: ':id',
    summary: 'A document and the properties it is linked to',
    description: 'Your own documents; admins see all of the workspace.',
    type: CrmDocumentResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<DocumentView> {
    return this.queries.execute(new GetDocumentQuery(actor, id));
  }

  @Get(':id/content')
  @ApiOperation({
    summary: "A document's bytes, streamed",
    description:
      'Your own documents; admins those of the workspace. Supports one `Range: bytes=…` (206); a range outside the file is a 416.',
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range (`Content-Range`)' })
  @ApiProblems(400, 401, 403, 404, 416)
  async content(
    @Target() { actor, id }: Target,
    @Headers('range') range: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { content, filename } = await this.queries.execute<
      GetDocumentContentQuery,
      DocumentContent
    >(new GetDocumentContentQuery(actor, id, range));
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

  @Route.Action({
    path: ':id/properties',
    summary: 'Link a document to another property (package deals)',
    description:
      'One document, several properties, one primary: a second primary is a 409 DOCUMENT.PRIMARY_TAKEN.',
    type: CrmDocumentResponseDto,
    status: 200,
    problems: [422],
  })
  async link(
    @Target() { actor, id }: Target,
    @Body() body: LinkDocumentRequestDto,
  ): Promise<DocumentView> {
    await this.commands.execute(
      new LinkDocumentCommand(actor, id, body.propertyId, body.isPrimary ?? false),
    );
    return this.queries.execute(new GetDocumentQuery(actor, id));
  }
}
