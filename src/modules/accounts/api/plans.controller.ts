import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

  @Route.Read({
    path: 'me/plan',
    summary: 'Your plan and the limits in force (free when none was set)',
    type: UserPlanResponseDto,
  })
  mine(@CurrentActor() actor: Actor): Promise<UserPlanView> {
    return this.queries.execute(new GetUserPlanQuery(actor, vaultOwnerOf(actor)));
  }

  @Route.Read({
    path: 'users/:id/plan',
    summary: 'A user’s plan (platform admin)',
    description: 'Answers an ETag for If-Match.',
    type: UserPlanResponseDto,
  })
  @Roles('admin')
  get(@Target() { actor, id }: Target): Promise<UserPlanView> {
    return this.queries.execute(new GetUserPlanQuery(actor, id));
  }

  @Route.Update({
    path: 'users/:id/plan',
    summary: 'Set a user’s plan (platform admin)',
    description:
      'Creates the user’s plan the first time; afterwards changes only the terms given. ' +
      'If-Match is "v0" while the user is on the implicit free plan.',
    type: UserPlanResponseDto,
    ifMatch: true,
    problems: [422],
    method: 'PUT',
  })
  @Roles('admin')
  async change(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: ChangeUserPlanRequestDto,
  ): Promise<UserPlanView> {
    const changes = {
      planName: body.planName,
      status: body.status,
      currentPeriodStart: dateOf(body.currentPeriodStart),
      currentPeriodEnd: dateOf(body.currentPeriodEnd),
    };
    await this.commands.execute(new ChangeUserPlanCommand(actor, id, changes, ifMatch));
    return this.queries.execute(new GetUserPlanQuery(actor, id));
  }
}
