import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, sortedPageOf, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeTechnicianStatusCommand } from '../application/commands/change-technician-status/change-technician-status.command';
import { ChangeTechnicianCommand } from '../application/commands/change-technician/change-technician.command';
import { CreateTechnicianCommand } from '../application/commands/create-technician/create-technician.command';
import { DeleteTechnicianCommand } from '../application/commands/delete-technician/delete-technician.command';
import { LinkTechnicianUserCommand } from '../application/commands/link-technician-user/link-technician-user.command';
import { SetTechnicianAvailabilityCommand } from '../application/commands/set-technician-availability/set-technician-availability.command';
import { UnlinkTechnicianUserCommand } from '../application/commands/unlink-technician-user/unlink-technician-user.command';
import { GetTechnicianQuery } from '../application/queries/get-technician/get-technician.query';
import { ListTechniciansQuery } from '../application/queries/list-technicians/list-technicians.query';
import { TechnicianView } from '../application/queries/technician.read-model';
import {
  CreateTechnicianRequestDto,
  LinkTechnicianUserRequestDto,
  ListTechniciansQueryDto,
  SetTechnicianAvailabilityRequestDto,
  TechnicianPageResponseDto,
  TechnicianResponseDto,
  UpdateTechnicianRequestDto,
} from './dto/technician.dto';

const SCOPE = 'Acts in the tenant of the access token; another tenant’s technician is a 404.';
const DISPATCHERS = `${SCOPE} Dispatchers only (tenant roles owner, admin, dispatcher, or platform admin).`;
const TRANSITION = 'A status that does not allow it is a 409 listing `allowedTransitions`.';

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('technicians')
export class TechniciansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Create a technician',
    description: `${DISPATCHERS} The licence number is unique in the tenant (409 naming licenseNumber); hourlyRate is an exact decimal string.`,
    type: TechnicianResponseDto,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTechnicianRequestDto,
  ): Promise<TechnicianView> {
    const { id } = await this.commands.execute<CreateTechnicianCommand, { id: string }>(
      new CreateTechnicianCommand(actor, {
        licenseNumber: body.licenseNumber,
        firstName: body.firstName,
        lastName: body.lastName,
        email: body.email,
        phone: body.phone,
        hourlyRate: body.hourlyRate,
        certifications: body.certifications,
        skills: body.skills,
      }),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.List({
    summary: 'List or search technicians',
    description:
      `${DISPATCHERS} \`skill\` matches one skill exactly; \`availableFrom\` + \`availableTo\` keep the active technicians ` +
      'with no active work order overlapping that window. Sorted, cursor-paginated.',
    type: TechnicianPageResponseDto,
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListTechniciansQueryDto,
  ): Promise<Page<TechnicianView>> {
    return this.queries.execute(
      new ListTechniciansQuery(
        actor,
        {
          q: query.q,
          skill: query.skill,
          availability: query.availability,
          status: query.status,
          isActive: query.isActive,
        },
        query.availableFrom,
        query.availableTo,
        sortedPageOf(query, 'createdAt'),
      ),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one technician',
    description: `${SCOPE} Dispatchers, or the technician’s own user. Answers an ETag for If-Match.`,
    type: TechnicianResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<TechnicianView> {
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a technician’s details, rate, skills or certifications',
    description: DISPATCHERS,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateTechnicianRequestDto,
  ): Promise<TechnicianView> {
    await this.commands.execute(
      new ChangeTechnicianCommand(
        actor,
        id,
        {
          licenseNumber: body.licenseNumber,
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          phone: body.phone,
          hourlyRate: body.hourlyRate,
          certifications: body.certifications,
          skills: body.skills,
        },
        ifMatch,
      ),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a technician for good',
    description: `${DISPATCHERS} Only a technician no work order refers to (409 otherwise: deactivate it).`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteTechnicianCommand(actor, id, ifMatch));
  }

  @Route.Update({
    path: ':id/availability',
    summary: 'Set a technician’s availability (available, busy, off duty)',
    description: `${SCOPE} Dispatchers, or the technician itself.`,
    type: TechnicianResponseDto,
    ifMatch: true,
    method: 'PUT',
  })
  async availability(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: SetTechnicianAvailabilityRequestDto,
  ): Promise<TechnicianView> {
    await this.commands.execute(
      new SetTechnicianAvailabilityCommand(actor, id, body.availability, ifMatch),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Action({
    path: ':id/portal-user',
    summary: 'Link a field login to the technician',
    description: `${DISPATCHERS} The user must be a live member of the tenant (422) linked to no other profile (409).`,
    type: TechnicianResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async linkUser(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: LinkTechnicianUserRequestDto,
  ): Promise<TechnicianView> {
    await this.commands.execute(new LinkTechnicianUserCommand(actor, id, body.userId, ifMatch));
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Delete({
    path: ':id/portal-user',
    summary: 'Unlink the technician’s field login',
    description: `${DISPATCHERS} 409 when none is linked.`,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async unlinkUser(@Target() { actor, id, ifMatch }: Target): Promise<TechnicianView> {
    await this.commands.execute(new UnlinkTechnicianUserCommand(actor, id, ifMatch));
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Action({
    path: ':id/start-leave',
    summary: 'Put a technician on leave (no new assignments)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async startLeave(@Target() { actor, id, ifMatch }: Target): Promise<TechnicianView> {
    await this.commands.execute(
      new ChangeTechnicianStatusCommand(actor, id, 'start-leave', ifMatch),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Action({
    path: ':id/end-leave',
    summary: 'Bring a technician back from leave',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async endLeave(@Target() { actor, id, ifMatch }: Target): Promise<TechnicianView> {
    await this.commands.execute(new ChangeTechnicianStatusCommand(actor, id, 'end-leave', ifMatch));
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate a technician (is_active false; its field login stops working)',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<TechnicianView> {
    await this.commands.execute(
      new ChangeTechnicianStatusCommand(actor, id, 'deactivate', ifMatch),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Reactivate a deactivated technician',
    description: `${DISPATCHERS} ${TRANSITION}`,
    type: TechnicianResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<TechnicianView> {
    await this.commands.execute(
      new ChangeTechnicianStatusCommand(actor, id, 'reactivate', ifMatch),
    );
    return this.queries.execute(new GetTechnicianQuery(actor, id));
  }
}
