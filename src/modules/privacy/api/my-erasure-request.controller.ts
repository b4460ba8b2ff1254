import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { RequestErasureCommand } from '../application/commands/request-erasure/request-erasure.command';
import { ErasureRequestView } from '../application/queries/erasure-request.read-model';
import { GetErasureRequestQuery } from '../application/queries/get-erasure-request/get-erasure-request.query';
import { ErasureRequestResponseDto } from './erasure-request.dto';

/** A signed-in user's own right to erasure. */
@ApiTags('privacy')
@ApiBearerAuth('bearer')
@Controller('me/erasure-request')
export class MyErasureRequestController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Ask for your personal data to be erased',
    description:
      'Runs after the grace period (`notBefore`, ERASURE_GRACE_PERIOD_HOURS), until when you can cancel it with ' +
      'POST /erasure-requests/{id}/cancel. Afterwards your account and your personal data are gone everywhere.',
    type: ErasureRequestResponseDto,
    location: (request: ErasureRequestView) => `/api/v1/erasure-requests/${request.id}`,
  })
  async request(@CurrentActor() actor: Actor): Promise<ErasureRequestView> {
    // Only a user's own token may (an OAuth client acting alone is refused with 403).
    const id = await this.commands.execute<RequestErasureCommand, string>(
      new RequestErasureCommand(actor, actor.id ?? '', 'self'),
    );
    return this.queries.execute(new GetErasureRequestQuery(actor, { id }));
  }

  @Route.Read({
    summary: 'Your latest erasure request',
    type: ErasureRequestResponseDto,
    problems: [404],
  })
  get(@CurrentActor() actor: Actor): Promise<ErasureRequestView> {
    return this.queries.execute(new GetErasureRequestQuery(actor, { own: true }));
  }
}
