import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { ConsumeWorkOrderPartCommand } from '../application/commands/consume-work-order-part/consume-work-order-part.command';
import { ReleaseWorkOrderPartCommand } from '../application/commands/release-work-order-part/release-work-order-part.command';
import { ReserveWorkOrderPartCommand } from '../application/commands/reserve-work-order-part/reserve-work-order-part.command';
import { GetWorkOrderPartQuery } from '../application/queries/get-work-order-part/get-work-order-part.query';
import { ListWorkOrderPartsQuery } from '../application/queries/list-work-order-parts/list-work-order-parts.query';
import { WorkOrderPartView } from '../application/queries/work-order-part.read-model';
import {
  ReserveWorkOrderPartRequestDto,
  WorkOrderPartPageResponseDto,
  WorkOrderPartResponseDto,
} from './dto/work-order-part.dto';

const WHO =
  'Acts in the tenant of the access token. Dispatchers, and the technician the work order is assigned to; ' +
  'to anyone else the work order is a 404 (customers: 403).';
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retry return the first response',
};

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('work-orders')
export class WorkOrderPartsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/parts')
  @ApiOperation({
    summary: 'Reserve inventory for a work order',
    description:
      `${WHO} At most the item’s available quantity (409 otherwise); a completed or cancelled work order ` +
      'takes no new reservations (409). The unit cost is captured now.',
  })
  @ApiCreatedResponse({
    type: WorkOrderPartResponseDto,
    headers: { Location: { schema: { type: 'string' } } },
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiProblems(400, 401, 403, 404, 409)
  async reserve(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ReserveWorkOrderPartRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderPartView> {
    const { id: partId } = await this.commands.execute<ReserveWorkOrderPartCommand, { id: string }>(
      new ReserveWorkOrderPartCommand(actor, id, body.inventoryId, body.quantity),
    );
    void reply.header('location', `/api/v1/work-orders/${id}/parts/${partId}`);
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Get(':id/parts')
  @ApiOperation({
    summary: 'List a work order’s parts',
    description: `${WHO} Oldest first; cursor pagination.`,
  })
  @ApiOkResponse({ type: WorkOrderPartPageResponseDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<WorkOrderPartView>> {
    return this.queries.execute(
      new ListWorkOrderPartsQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Get(':id/parts/:partId')
  @ApiOperation({ summary: 'Read one part of a work order', description: WHO })
  @ApiOkResponse({ type: WorkOrderPartResponseDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Post(':id/parts/:partId/consume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Consume reserved parts',
    description: `${WHO} The units leave the stock and the reservation; a part that is not reserved is a 409.`,
  })
  @ApiOkResponse({ type: WorkOrderPartResponseDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async consume(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    await this.commands.execute(new ConsumeWorkOrderPartCommand(actor, id, partId));
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Post(':id/parts/:partId/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Release reserved parts back to stock',
    description: `${WHO} A part that is not reserved is a 409.`,
  })
  @ApiOkResponse({ type: WorkOrderPartResponseDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async release(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    await this.commands.execute(new ReleaseWorkOrderPartCommand(actor, id, partId));
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }
}
