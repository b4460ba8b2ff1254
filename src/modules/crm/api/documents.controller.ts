import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { LinkDocumentCommand } from '../application/commands/link-document/link-document.command';
import { StoreDocumentCommand } from '../application/commands/store-document/store-document.command';
import { DocumentView } from '../application/queries/crm.read-model';
import { GetDocumentQuery } from '../application/queries/get-document/get-document.query';
import {
  DocumentResponseDto,
  LinkDocumentRequestDto,
  UploadDocumentRequestDto,
} from './dto/document.dto';

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Upload a document (base64 JSON)',
    description:
      'Typed by spec 002’s document_type, attached to your own property and/or deal (422 otherwise); the bytes go to object storage, the property becomes its primary. A deal’s timeline shows the upload.',
    type: DocumentResponseDto,
    problems: [422],
  })
  async upload(
    @CurrentActor() actor: Actor,
    @Body() body: UploadDocumentRequestDto,
  ): Promise<DocumentView> {
    const { id } = await this.commands.execute<StoreDocumentCommand, { id: string }>(
      new StoreDocumentCommand(
        actor,
        body.title,
        body.type,
        body.contentType,
        Buffer.from(body.contentBase64, 'base64'),
        body.propertyId ?? null,
        body.dealId ?? null,
      ),
    );
    return this.queries.execute(new GetDocumentQuery(actor, id));
  }

  @Route.Read({
    path: ':id',
    summary: 'A document and the properties it is linked to',
    description: 'Your own documents; admins see all of the workspace.',
    type: DocumentResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<DocumentView> {
    return this.queries.execute(new GetDocumentQuery(actor, id));
  }

  @Route.Action({
    path: ':id/properties',
    summary: 'Link a document to another property (package deals)',
    description:
      'One document, several properties, one primary: a second primary is a 409 DOCUMENT.PRIMARY_TAKEN.',
    type: DocumentResponseDto,
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
