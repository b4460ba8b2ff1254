import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { ChangeUserPlanCommand } from '../application/commands/change-user-plan/change-user-plan.command';
import { GetUserPlanQuery } from '../application/queries/get-user-plan/get-user-plan.query';
import { UserPlanView } from '../application/queries/user-plan.read-model';
import { vaultOwnerOf } from '../application/vault-access';
import { ChangeUserPlanRequestDto, UserPlanResponseDto } from './dto/user-plan.dto';

/** undefined stays undefined (leave as is), null clears, a string becomes a Date. */
const dateOf = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

@ApiTags('plans')
@ApiBearerAuth('bearer')
@Controller()
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('me/plan')
  @ApiOperation({ summary: 'Your plan and the limits in force (free when none was set)' })
  @ApiOkResponse({ type: UserPlanResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(401, 403)
  async mine(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserPlanView> {
    return this.read(actor, vaultOwnerOf(actor), reply);
  }

  @Get('users/:id/plan')
  @Roles('admin')
  @ApiOperation({
    summary: 'A user’s plan (platform admin)',
    description: 'Answers an ETag for If-Match.',
  })
  @ApiOkResponse({ type: UserPlanResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserPlanView> {
    return this.read(actor, id, reply);
  }

  @Put('users/:id/plan')
  @Roles('admin')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET ("v0" while on the implicit free plan)',
  })
  @ApiOperation({
    summary: 'Set a user’s plan (platform admin)',
    description: 'Creates the user’s plan the first time; afterwards changes only the terms given.',
  })
  @ApiOkResponse({ type: UserPlanResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async change(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ChangeUserPlanRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserPlanView> {
    const changes = {
      planName: body.planName,
      status: body.status,
      currentPeriodStart: dateOf(body.currentPeriodStart),
      currentPeriodEnd: dateOf(body.currentPeriodEnd),
    };
    await this.commands.execute(new ChangeUserPlanCommand(actor, id, changes, ifMatch));
    return this.read(actor, id, reply);
  }

  private async read(actor: Actor, userId: string, reply: FastifyReply): Promise<UserPlanView> {
    const plan = await this.queries.execute<GetUserPlanQuery, UserPlanView>(
      new GetUserPlanQuery(actor, userId),
    );
    void reply.header('etag', etagOf(plan.version));
    return plan;
  }
}
