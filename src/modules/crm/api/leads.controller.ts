import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeLeadCommand } from '../application/commands/change-lead/change-lead.command';
import { CreateLeadCommand } from '../application/commands/create-lead/create-lead.command';
import { DeleteLeadCommand } from '../application/commands/delete-lead/delete-lead.command';
import {
  ImportLeadsCommand,
  LeadImportReport,
} from '../application/commands/import-leads/import-leads.command';
import { RecordLeadOutreachCommand } from '../application/commands/record-lead-outreach/record-lead-outreach.command';
import { AddLeadDocumentCommand } from '../application/commands/add-lead-document/add-lead-document.command';
import { RemoveLeadDocumentCommand } from '../application/commands/remove-lead-document/remove-lead-document.command';
import { LeadDocumentView, LeadView } from '../application/queries/crm.read-model';
import { ListLeadDocumentsQuery } from '../application/queries/list-lead-documents/list-lead-documents.query';
import { GetLeadQuery } from '../application/queries/get-lead/get-lead.query';
import { ListLeadsQuery } from '../application/queries/list-leads/list-leads.query';
import {
  CreateLeadRequestDto,
  ImportLeadsRequestDto,
  LeadImportReportResponseDto,
  LeadPageResponseDto,
  LeadResponseDto,
  RecordOutreachRequestDto,
  SearchLeadsQueryDto,
  UpdateLeadRequestDto,
} from './dto/lead.dto';
import {
  AddLeadDocumentRequestDto,
  LeadDocumentListResponseDto,
  LeadDocumentResponseDto,
} from './dto/document.dto';
import { leadRowsOf } from './lead-csv';

const WHO =
  'Your own leads; an admin sees every lead of the workspace but changes only their own (403). Another investor’s lead does not exist for you (404).';

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Add a lead',
    description:
      'Email (case-insensitive) and phone are unique among the live leads of the workspace (409 naming the field); a deleted lead frees them.',
    type: LeadResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateLeadRequestDto,
  ): Promise<LeadView> {
    const { id } = await this.commands.execute<CreateLeadCommand, { id: string }>(
      new CreateLeadCommand(actor, { ...body }),
    );
    return this.queries.execute(new GetLeadQuery(actor, id));
  }

  @Route.Action({
    path: 'import',
    summary: 'Import leads from CSV',
    description:
      'Each row is created, a duplicate (lower(email) or phone of a live lead of the workspace, or of an earlier row) or invalid (field and reason), and reported by its line. A body that is not CSV is a 400 and nothing is written.',
    type: LeadImportReportResponseDto,
    status: 200,
  })
  async import(
    @CurrentActor() actor: Actor,
    @Body() body: ImportLeadsRequestDto,
  ): Promise<LeadImportReport> {
    const rows = await leadRowsOf(body.csv);
    return this.commands.execute(new ImportLeadsCommand(actor, rows));
  }

  @Route.List({
    summary: 'Search leads',
    description: `${WHO} Newest first; q matches part of the name, email or phone.`,
    type: LeadPageResponseDto,
  })
  search(
    @CurrentActor() actor: Actor,
    @Query() query: SearchLeadsQueryDto,
  ): Promise<Page<LeadView>> {
    return this.queries.execute(
      new ListLeadsQuery(actor, {
        q: query.q,
        tag: query.tag,
        status: query.status,
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({ path: ':id', summary: 'A lead', description: WHO, type: LeadResponseDto })
  get(@Target() { actor, id }: Target): Promise<LeadView> {
    return this.queries.execute(new GetLeadQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a lead (details, score, tags, status, opt-in status)',
    description: `${WHO} Each kind of change is its own fact in the ledger.`,
    type: LeadResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateLeadRequestDto,
  ): Promise<LeadView> {
    await this.commands.execute(new ChangeLeadCommand(actor, id, { ...body }, ifMatch));
    return this.queries.execute(new GetLeadQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a lead (soft)',
    description: `${WHO} The lead disappears from every read and frees its email and phone; purged after 90 days.`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteLeadCommand(actor, id, ifMatch));
  }

  @Route.Action({
    path: ':id/outreach',
    summary: 'Record outreach to a lead (a contact attempt by SMS, email or call)',
    description: `${WHO} Refused with 422 LEAD.OPTED_OUT when the lead opted out; nothing is recorded then.`,
    problems: [422],
  })
  async outreach(
    @Target() { actor, id }: Target,
    @Body() body: RecordOutreachRequestDto,
  ): Promise<void> {
    await this.commands.execute(new RecordLeadOutreachCommand(actor, id, body.channel, body.note));
  }

  @Route.Action({
    path: ':id/documents',
    summary: 'File one of your documents among a lead’s papers',
    description: `${WHO} The document (uploaded with POST /documents) must be your own (422 otherwise); \`type\` is spec 002’s lead_document_type. The lead’s paper points at the same stored file; the change is in the ledger.`,
    type: LeadDocumentResponseDto,
    status: 201,
    problems: [422],
  })
  async addDocument(
    @Target() { actor, id }: Target,
    @Body() body: AddLeadDocumentRequestDto,
  ): Promise<LeadDocumentView> {
    const added = await this.commands.execute<AddLeadDocumentCommand, { id: string }>(
      new AddLeadDocumentCommand(actor, id, body.documentId, body.type, body.title ?? null),
    );
    const { items } = await this.queries.execute<
      ListLeadDocumentsQuery,
      { items: LeadDocumentView[] }
    >(new ListLeadDocumentsQuery(actor, id));
    return items.find((d) => d.id === added.id) as LeadDocumentView;
  }

  @Route.List({
    path: ':id/documents',
    summary: 'A lead’s papers, oldest first',
    description: `${WHO}`,
    type: LeadDocumentListResponseDto,
    problems: [404],
  })
  documents(@Target() { actor, id }: Target): Promise<{ items: LeadDocumentView[] }> {
    return this.queries.execute(new ListLeadDocumentsQuery(actor, id));
  }

  @Route.Delete({
    path: ':id/documents/:leadDocumentId',
    summary: 'Take a paper off a lead',
    description: `${WHO} The stored document itself stays. An unknown paper is a 404.`,
  })
  async removeDocument(
    @Target() { actor, id }: Target,
    @UuidParam('leadDocumentId') leadDocumentId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveLeadDocumentCommand(actor, id, leadDocumentId));
  }
}
