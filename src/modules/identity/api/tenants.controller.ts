import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Page, PageQuery, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangeTenantCommand } from '../application/commands/change-tenant/change-tenant.command';
import { CreateTenantCommand } from '../application/commands/create-tenant/create-tenant.command';
import { SetTenantActiveCommand } from '../application/commands/set-tenant-active/set-tenant-active.command';
import { GetTenantQuery } from '../application/queries/get-tenant/get-tenant.query';
import { ListTenantsQuery } from '../application/queries/list-tenants/list-tenants.query';
import { TenantView } from '../application/queries/tenant.read-model';
import {
  CreateTenantRequestDto,
  TenantPageResponseDto,
  TenantResponseDto,
  UpdateTenantRequestDto,
} from './dto/tenant.dto';

@ApiTags('tenants')
@ApiBearerAuth('bearer')
@Controller('tenants')
export class TenantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Create a tenant (platform admin)',
    description:
      'The creator does not become a member; `ownerUserId` names an existing account that becomes its first owner.',
    type: TenantResponseDto,
    problems: [404],
  })
  @Roles('admin')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTenantRequestDto,
  ): Promise<TenantView> {
    const { id } = await this.commands.execute<CreateTenantCommand, { id: string }>(
      new CreateTenantCommand(
        actor,
        body.name,
        body.slug,
        body.domain ?? null,
        { selfSignup: body.settings?.selfSignup },
        body.ownerUserId ?? null,
      ),
    );
    const tenant = await this.queries.execute<GetTenantQuery, TenantView>(
      new GetTenantQuery(actor, id),
    );
    return tenant;
  }

  @Route.List({
    summary: 'List tenants (every tenant for platform admins; your own tenants for everyone else)',
    type: TenantPageResponseDto,
  })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<TenantView>> {
    return this.queries.execute(new ListTenantsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one tenant',
    description: 'Answers an ETag to send back as If-Match when changing it.',
    type: TenantResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<TenantView> {
    return this.queries.execute<GetTenantQuery, TenantView>(new GetTenantQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary:
      'Rename, change domain or settings (platform admin, or owner/admin of this tenant acting in it)',
    type: TenantResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateTenantRequestDto,
  ): Promise<TenantView> {
    await this.commands.execute(
      new ChangeTenantCommand(
        actor,
        id,
        {
          name: body.name,
          domain: body.domain,
          settings: body.settings && { selfSignup: body.settings.selfSignup },
        },
        ifMatch,
      ),
    );
    return this.queries.execute<GetTenantQuery, TenantView>(new GetTenantQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary:
      'Deactivate a tenant: its members can no longer log in to it, switch to it or refresh into it',
  })
  @Roles('admin')
  async deactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new SetTenantActiveCommand(actor, id, false));
  }

  @Route.Action({ path: ':id/reactivate', summary: 'Reactivate a tenant' })
  @Roles('admin')
  async reactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new SetTenantActiveCommand(actor, id, true));
  }
}
