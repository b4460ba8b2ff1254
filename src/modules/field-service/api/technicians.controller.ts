import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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
import { TechnicianAction } from '../domain/technician-lifecycle';
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
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
};
const WITH_ETAG = {
  type: TechnicianResponseDto,
  headers: { ETag: { schema: { type: 'string' } } },
};

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('technicians')
export class TechniciansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a technician',
    description: `${DISPATCHERS} The licence number is unique in the tenant (409 naming licenseNumber); hourlyRate is an exact decimal string.`,
  })
  @ApiCreatedResponse({
    type: TechnicianResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTechnicianRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    void reply.header('location', `/api/v1/technicians/${id}`);
    return this.view(actor, id, reply);
  }

  @Get()
  @ApiOperation({
    summary: 'List or search technicians',
    description:
      `${DISPATCHERS} \`skill\` matches one skill exactly; \`availableFrom\` + \`availableTo\` keep the active technicians ` +
      'with no active work order overlapping that window. Sorted, cursor-paginated.',
  })
  @ApiOkResponse({ type: TechnicianPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
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
        {
          sort: query.sort ?? 'createdAt',
          order: query.order ?? 'asc',
          limit: query.limit ?? 20,
          cursor: query.cursor,
        },
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one technician',
    description: `${SCOPE} Dispatchers, or the technician’s own user. Answers an ETag for If-Match.`,
  })
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    return this.view(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a technician’s details, rate, skills or certifications',
    description: DISPATCHERS,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateTechnicianRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    return this.view(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a technician for good',
    description: `${DISPATCHERS} Only a technician no work order refers to (409 otherwise: deactivate it).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteTechnicianCommand(actor, id, ifMatch));
  }

  @Put(':id/availability')
  @ApiOperation({
    summary: 'Set a technician’s availability (available, busy, off duty)',
    description: `${SCOPE} Dispatchers, or the technician itself.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 412)
  async availability(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: SetTechnicianAvailabilityRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    await this.commands.execute(
      new SetTechnicianAvailabilityCommand(actor, id, body.availability, ifMatch),
    );
    return this.view(actor, id, reply);
  }

  @Post(':id/portal-user')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Link a field login to the technician',
    description: `${DISPATCHERS} The user must be a live member of the tenant (422) linked to no other profile (409).`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async linkUser(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: LinkTechnicianUserRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    await this.commands.execute(new LinkTechnicianUserCommand(actor, id, body.userId, ifMatch));
    return this.view(actor, id, reply);
  }

  @Delete(':id/portal-user')
  @ApiOperation({
    summary: 'Unlink the technician’s field login',
    description: `${DISPATCHERS} 409 when none is linked.`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async unlinkUser(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    await this.commands.execute(new UnlinkTechnicianUserCommand(actor, id, ifMatch));
    return this.view(actor, id, reply);
  }

  @Post(':id/start-leave')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put a technician on leave (no new assignments)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  startLeave(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    return this.transition(actor, id, 'start-leave', ifMatch, reply);
  }

  @Post(':id/end-leave')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Bring a technician back from leave',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  endLeave(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    return this.transition(actor, id, 'end-leave', ifMatch, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate a technician (is_active false; its field login stops working)',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    return this.transition(actor, id, 'deactivate', ifMatch, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a deactivated technician',
    description: `${DISPATCHERS} ${TRANSITION}`,
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse(WITH_ETAG)
  @ApiProblems(400, 401, 403, 404, 409, 412)
  reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TechnicianView> {
    return this.transition(actor, id, 'reactivate', ifMatch, reply);
  }

  private async transition(
    actor: Actor,
    id: string,
    action: TechnicianAction,
    ifMatch: number | undefined,
    reply: FastifyReply,
  ): Promise<TechnicianView> {
    await this.commands.execute(new ChangeTechnicianStatusCommand(actor, id, action, ifMatch));
    return this.view(actor, id, reply);
  }

  private async view(actor: Actor, id: string, reply: FastifyReply): Promise<TechnicianView> {
    const technician = await this.queries.execute<GetTechnicianQuery, TechnicianView>(
      new GetTechnicianQuery(actor, id),
    );
    void reply.header('etag', etagOf(technician.version));
    return technician;
  }
}
