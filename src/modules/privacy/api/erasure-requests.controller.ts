import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Page, PageQuery, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { CancelErasureCommand } from '../application/commands/cancel-erasure/cancel-erasure.command';
import { RequestErasureCommand } from '../application/commands/request-erasure/request-erasure.command';
import { ErasureRequestView } from '../application/queries/erasure-request.read-model';
import { GetErasureRequestQuery } from '../application/queries/get-erasure-request/get-erasure-request.query';
import { ListErasureRequestsQuery } from '../application/queries/list-erasure-requests/list-erasure-requests.query';
import {
  ErasureRequestPageResponseDto,
  ErasureRequestResponseDto,
  RequestErasureRequestDto,
} from './erasure-request.dto';

/** Right to erasure: admins request and follow erasures; a user follows and cancels their own. */
@ApiTags('privacy')
@ApiBearerAuth('bearer')
@Controller('erasure-requests')
export class ErasureRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Erase a user’s personal data everywhere (admin)',
    description:
      'Schedules the erasure at once (no grace period). A job then erases the user’s data in every store, shreds their ledger keys and ' +
      'ends with a signed certificate; follow it with GET.',
    type: ErasureRequestResponseDto,
    problems: [404],
  })
  @Roles('admin')
  async request(
    @CurrentActor() actor: Actor,
    @Body() body: RequestErasureRequestDto,
  ): Promise<ErasureRequestView> {
    const id = await this.commands.execute<RequestErasureCommand, string>(
      new RequestErasureCommand(actor, body.userId.toLowerCase(), 'admin'),
    );
    return this.queries.execute(new GetErasureRequestQuery(actor, { id }));
  }

  @Route.List({
    summary: 'Erasure requests, newest first (admin)',
    type: ErasureRequestPageResponseDto,
  })
  @Roles('admin')
  list(@Query() query: PageQuery): Promise<Page<ErasureRequestView>> {
    return this.queries.execute(
      new ListErasureRequestsQuery(query.limit ?? 20, query.cursor ?? null),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Follow an erasure request (its user or an admin)',
    description: 'Status, the steps done so far, and once completed the signed certificate.',
    type: ErasureRequestResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<ErasureRequestView> {
    return this.queries.execute(new GetErasureRequestQuery(actor, { id }));
  }

  @Route.Action({
    path: ':id/cancel',
    summary: 'Cancel an erasure during its grace period (its user or an admin)',
    description: 'A request that has started, finished or was cancelled is a 409.',
    type: ErasureRequestResponseDto,
  })
  async cancel(@Target() { actor, id }: Target): Promise<ErasureRequestView> {
    await this.commands.execute(new CancelErasureCommand(actor, id));
    return this.queries.execute(new GetErasureRequestQuery(actor, { id }));
  }
}
