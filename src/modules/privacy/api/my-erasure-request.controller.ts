import { Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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

  @Post()
  @ApiOperation({
    summary: 'Ask for your personal data to be erased',
    description:
      'Runs after the grace period (`notBefore`, ERASURE_GRACE_PERIOD_HOURS), until when you can cancel it with ' +
      'POST /erasure-requests/{id}/cancel. Afterwards your account and your personal data are gone everywhere.',
  })
  @ApiCreatedResponse({
    type: ErasureRequestResponseDto,
    headers: { Location: { schema: { type: 'string' } } },
  })
  @ApiProblems(401, 403, 409)
  async request(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRequestView> {
    // Only a user's own token may (an OAuth client acting alone is refused with 403).
    const id = await this.commands.execute<RequestErasureCommand, string>(
      new RequestErasureCommand(actor, actor.id ?? '', 'self'),
    );
    void reply.header('location', `/api/v1/erasure-requests/${id}`);
    return this.queries.execute(new GetErasureRequestQuery(actor, { id }));
  }

  @Get()
  @ApiOperation({ summary: 'Your latest erasure request' })
  @ApiOkResponse({ type: ErasureRequestResponseDto })
  @ApiProblems(401, 404)
  get(@CurrentActor() actor: Actor): Promise<ErasureRequestView> {
    return this.queries.execute(new GetErasureRequestQuery(actor, { own: true }));
  }
}
