import { Body, Controller, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeContactCommand } from '../application/commands/change-contact/change-contact.command';
import { CreateContactCommand } from '../application/commands/create-contact/create-contact.command';
import { SetConsentCommand } from '../application/commands/set-consent/set-consent.command';
import { AttendanceReport, ContactView } from '../application/queries/attendance.read-model';
import { GetContactQuery } from '../application/queries/get-contact/get-contact.query';
import { ListContactSessionsQuery } from '../application/queries/list-contact-sessions/list-contact-sessions.query';
import { ListContactsQuery } from '../application/queries/list-contacts/list-contacts.query';
import { attendanceCsv } from './attendance-csv';
import {
  ContactPageResponseDto,
  ContactResponseDto,
  CreateContactRequestDto,
  ListContactsQueryDto,
  UpdateContactRequestDto,
} from './dto/contact.dto';
import { AttendanceReportResponseDto, ReportFormatQueryDto } from './dto/session.dto';

const OWN =
  "The contact's own user only (consent is the person's act); anyone else gets a 403 or 404.";

@ApiTags('attendance')
@ApiBearerAuth('bearer')
@Controller('contacts')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Register a contact',
    description:
      'Coordinators only. Email unique in the tenant (409 naming email), phone in E.164, optional link to the user who acts as the contact.',
    type: ContactResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateContactRequestDto,
  ): Promise<ContactView> {
    const { id } = await this.commands.execute<CreateContactCommand, { id: string }>(
      new CreateContactCommand(actor, { ...body }),
    );
    return this.queries.execute(new GetContactQuery(actor, id));
  }

  @Route.List({
    summary: "The tenant's contacts, newest first",
    description:
      'Coordinators only. Filters: active, consentGranted, text in email or name. Cursor pages.',
    type: ContactPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContactsQueryDto,
  ): Promise<Page<ContactView>> {
    return this.queries.execute(
      new ListContactsQuery(
        actor,
        { active: query.active, consentGranted: query.consentGranted, q: query.q },
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Route.Update({
    path: ':id',
    summary: "Change a contact's email, phone, name, GoHighLevel id or notes",
    description:
      'Coordinators only. Only the fields given change; null clears a nullable one. Email unique in the tenant ' +
      '(409 naming email), phone in E.164. The ledger event carries old and new values, sealed under the contact’s key.',
    type: ContactResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateContactRequestDto,
  ): Promise<ContactView> {
    await this.commands.execute(new ChangeContactCommand(actor, id, ifMatch, { ...body }));
    return this.queries.execute(new GetContactQuery(actor, id));
  }

  @Route.Read({
    path: ':id',
    summary: 'A contact',
    description: 'Coordinators, or the contact itself.',
    type: ContactResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<ContactView> {
    return this.queries.execute(new GetContactQuery(actor, id));
  }

  @Route.Action({
    path: ':id/consent',
    summary: 'Grant location consent',
    description: `${OWN} Timestamped and in the ledger; granting again renews the timestamp.`,
    type: ContactResponseDto,
    status: 200,
  })
  async grantConsent(@Target() { actor, id }: Target): Promise<ContactView> {
    await this.commands.execute(new SetConsentCommand(actor, id, true));
    return this.queries.execute(new GetContactQuery(actor, id));
  }

  @Route.Delete({
    path: ':id/consent',
    summary: 'Withdraw location consent',
    description: `${OWN} From then on no position is accepted (403 ATTENDANCE.CONSENT_REQUIRED); 409 when not granted.`,
    type: ContactResponseDto,
    status: 200,
  })
  async withdrawConsent(@Target() { actor, id }: Target): Promise<ContactView> {
    await this.commands.execute(new SetConsentCommand(actor, id, false));
    return this.queries.execute(new GetContactQuery(actor, id));
  }

  @Route.Read({
    path: ':id/sessions',
    summary: "A contact's attendance history (JSON or CSV)",
    description: 'Coordinators, or the contact itself.',
    type: AttendanceReportResponseDto,
  })
  @ApiProduces('application/json', 'text/csv')
  async history(
    @Target() { actor, id }: Target,
    @Query() query: ReportFormatQueryDto,
  ): Promise<AttendanceReport | StreamableFile> {
    const report = await this.queries.execute<ListContactSessionsQuery, AttendanceReport>(
      new ListContactSessionsQuery(actor, id),
    );
    return query.format === 'csv'
      ? attendanceCsv(report.items, `contact-${id}-sessions.csv`)
      : report;
  }
}
