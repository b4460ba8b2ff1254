import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
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
import { CurrentActor, Roles } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a tenant (platform admin)',
    description:
      'The creator does not become a member; `ownerUserId` names an existing account that becomes its first owner.',
  })
  @ApiCreatedResponse({
    type: TenantResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTenantRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    void reply.header('location', `/api/v1/tenants/${id}`).header('etag', etagOf(tenant.version));
    return tenant;
  }

  @Get()
  @ApiOperation({
    summary: 'List tenants (every tenant for platform admins; your own tenants for everyone else)',
  })
  @ApiOkResponse({ type: TenantPageResponseDto })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<TenantView>> {
    return this.queries.execute(new ListTenantsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one tenant',
    description: 'Answers an ETag to send back as If-Match when changing it.',
  })
  @ApiOkResponse({ type: TenantResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TenantView> {
    const tenant = await this.queries.execute<GetTenantQuery, TenantView>(
      new GetTenantQuery(actor, id),
    );
    void reply.header('etag', etagOf(tenant.version));
    return tenant;
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Rename, change domain or settings (platform admin, or owner/admin of this tenant acting in it)',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET; a stale one is a 412',
  })
  @ApiOkResponse({ type: TenantResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateTenantRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const tenant = await this.queries.execute<GetTenantQuery, TenantView>(
      new GetTenantQuery(actor, id),
    );
    void reply.header('etag', etagOf(tenant.version));
    return tenant;
  }

  @Post(':id/deactivate')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Deactivate a tenant: its members can no longer log in to it, switch to it or refresh into it',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async deactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new SetTenantActiveCommand(actor, id, false));
  }

  @Post(':id/reactivate')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Reactivate a tenant' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async reactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new SetTenantActiveCommand(actor, id, true));
  }
}
