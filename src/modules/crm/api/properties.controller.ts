import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangePropertyCommand } from '../application/commands/change-property/change-property.command';
import { CreatePropertyCommand } from '../application/commands/create-property/create-property.command';
import { DeletePropertyCommand } from '../application/commands/delete-property/delete-property.command';
import { CompView, PropertyView } from '../application/queries/crm.read-model';
import { GetPropertyQuery } from '../application/queries/get-property/get-property.query';
import { ListPropertiesQuery } from '../application/queries/list-properties/list-properties.query';
import { ListPropertyCompsQuery } from '../application/queries/list-property-comps/list-property-comps.query';
import {
  CompListResponseDto,
  CompsQueryDto,
  CreatePropertyRequestDto,
  ListPropertiesQueryDto,
  PropertyPageResponseDto,
  PropertyResponseDto,
  UpdatePropertyRequestDto,
} from './dto/property.dto';

const WHO =
  'Your own properties; an admin sees every property of the workspace but changes only their own (403).';

@ApiTags('crm')
@ApiBearerAuth('bearer')
@Controller('properties')
export class PropertiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Add a property',
    description:
      'Bedrooms and bathrooms >= 0, square feet and lot size > 0, year built from 1800 to next year + 5 (422 beyond).',
    type: PropertyResponseDto,
    problems: [422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreatePropertyRequestDto,
  ): Promise<PropertyView> {
    const { id } = await this.commands.execute<CreatePropertyCommand, { id: string }>(
      new CreatePropertyCommand(actor, { ...body }),
    );
    return this.queries.execute(new GetPropertyQuery(actor, id));
  }

  @Route.List({
    summary: 'List properties',
    description: `${WHO} Newest first.`,
    type: PropertyPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListPropertiesQueryDto,
  ): Promise<Page<PropertyView>> {
    return this.queries.execute(
      new ListPropertiesQuery(actor, {
        zip: query.zip,
        limit: query.limit ?? 20,
        cursor: query.cursor,
      }),
    );
  }

  @Route.Read({ path: ':id', summary: 'A property', description: WHO, type: PropertyResponseDto })
  get(@Target() { actor, id }: Target): Promise<PropertyView> {
    return this.queries.execute(new GetPropertyQuery(actor, id));
  }

  @Route.Read({
    path: ':id/comps',
    summary: 'Comparable properties (same zip, similar size)',
    description: `${WHO} Closest size first, with each comp's price per square foot when it has a purchase price; empty when the subject has no size.`,
    type: CompListResponseDto,
  })
  comps(
    @Target() { actor, id }: Target,
    @Query() query: CompsQueryDto,
  ): Promise<{ items: CompView[] }> {
    return this.queries.execute(
      new ListPropertyCompsQuery(actor, id, {
        sizeTolerancePct: query.sizeTolerancePct ?? 20,
        limit: query.limit ?? 10,
      }),
    );
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a property',
    description: WHO,
    type: PropertyResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdatePropertyRequestDto,
  ): Promise<PropertyView> {
    await this.commands.execute(new ChangePropertyCommand(actor, id, { ...body }, ifMatch));
    return this.queries.execute(new GetPropertyQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a property (soft)',
    description: `${WHO} Gone from reads and comps; purged after 90 days.`,
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeletePropertyCommand(actor, id, ifMatch));
  }
}
