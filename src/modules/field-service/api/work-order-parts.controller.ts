import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, PageQuery, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('work-orders')
export class WorkOrderPartsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    path: ':id/parts',
    summary: 'Reserve inventory for a work order',
    description:
      `${WHO} At most the item’s available quantity (409 otherwise); a completed or cancelled work order ` +
      'takes no new reservations (409). The unit cost is captured now.',
    type: WorkOrderPartResponseDto,
  })
  async reserve(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ReserveWorkOrderPartRequestDto,
  ): Promise<WorkOrderPartView> {
    const { id: partId } = await this.commands.execute<ReserveWorkOrderPartCommand, { id: string }>(
      new ReserveWorkOrderPartCommand(actor, id, body.inventoryId, body.quantity),
    );
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Route.List({
    path: ':id/parts',
    summary: 'List a work order’s parts',
    description: `${WHO} Oldest first; cursor pagination.`,
    type: WorkOrderPartPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<WorkOrderPartView>> {
    return this.queries.execute(
      new ListWorkOrderPartsQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Read({
    path: ':id/parts/:partId',
    summary: 'Read one part of a work order',
    description: WHO,
    type: WorkOrderPartResponseDto,
  })
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Route.Action({
    path: ':id/parts/:partId/consume',
    summary: 'Consume reserved parts',
    description: `${WHO} The units leave the stock and the reservation; a part that is not reserved is a 409.`,
    type: WorkOrderPartResponseDto,
  })
  async consume(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    await this.commands.execute(new ConsumeWorkOrderPartCommand(actor, id, partId));
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }

  @Route.Action({
    path: ':id/parts/:partId/release',
    summary: 'Release reserved parts back to stock',
    description: `${WHO} A part that is not reserved is a 409.`,
    type: WorkOrderPartResponseDto,
  })
  async release(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('partId') partId: string,
  ): Promise<WorkOrderPartView> {
    await this.commands.execute(new ReleaseWorkOrderPartCommand(actor, id, partId));
    return this.queries.execute(new GetWorkOrderPartQuery(actor, id, partId));
  }
}
