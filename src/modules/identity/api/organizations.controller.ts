import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
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
import { CurrentActor, TenantRoles } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, PageQuery, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { AddOrganizationMemberCommand } from '../application/commands/add-organization-member/add-organization-member.command';
import { ChangeOrganizationCommand } from '../application/commands/change-organization/change-organization.command';
import { CreateOrganizationCommand } from '../application/commands/create-organization/create-organization.command';
import { DeactivateOrganizationCommand } from '../application/commands/deactivate-organization/deactivate-organization.command';
import { RemoveOrganizationMemberCommand } from '../application/commands/remove-organization-member/remove-organization-member.command';
import { GetOrganizationMemberQuery } from '../application/queries/get-organization-member/get-organization-member.query';
import { GetOrganizationQuery } from '../application/queries/get-organization/get-organization.query';
import { ListOrganizationMembersQuery } from '../application/queries/list-organization-members/list-organization-members.query';
import { ListOrganizationsQuery } from '../application/queries/list-organizations/list-organizations.query';
import {
  OrganizationMemberView,
  OrganizationView,
} from '../application/queries/organization.read-model';
import { TENANT_MANAGER_ROLES } from '../application/tenant-access';
import {
  AddOrganizationMemberRequestDto,
  CreateOrganizationRequestDto,
  OrganizationMemberPageResponseDto,
  OrganizationMemberResponseDto,
  OrganizationPageResponseDto,
  OrganizationResponseDto,
  UpdateOrganizationRequestDto,
} from './dto/organization.dto';

const SCOPE = 'Acts in the tenant of the access token; another tenant’s organization is a 404.';
const WRITERS = `${SCOPE} Needs tenant role owner or admin (or platform admin).`;

@ApiTags('organizations')
@ApiBearerAuth('bearer')
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @TenantRoles(...TENANT_MANAGER_ROLES)
  @ApiOperation({ summary: 'Create an organization in your tenant', description: WRITERS })
  @ApiCreatedResponse({
    type: OrganizationResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateOrganizationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationView> {
    const { id } = await this.commands.execute<CreateOrganizationCommand, { id: string }>(
      new CreateOrganizationCommand(actor, body.name, body.slug, body.description ?? null),
    );
    const organization = await this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
    void reply
      .header('location', `/api/v1/organizations/${id}`)
      .header('etag', etagOf(organization.version));
    return organization;
  }

  @Get()
  @ApiOperation({
    summary: 'List your tenant’s organizations',
    description: `${SCOPE} Any member of the tenant.`,
  })
  @ApiOkResponse({ type: OrganizationPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OrganizationView>> {
    return this.queries.execute(new ListOrganizationsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one organization',
    description: `${SCOPE} Any member of the tenant. Answers an ETag for If-Match.`,
  })
  @ApiOkResponse({
    type: OrganizationResponseDto,
    headers: { ETag: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationView> {
    const organization = await this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
    void reply.header('etag', etagOf(organization.version));
    return organization;
  }

  @Patch(':id')
  @TenantRoles(...TENANT_MANAGER_ROLES)
  @ApiOperation({
    summary: 'Rename an organization or change its description',
    description: WRITERS,
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET; a stale one is a 412',
  })
  @ApiOkResponse({
    type: OrganizationResponseDto,
    headers: { ETag: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateOrganizationRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationView> {
    await this.commands.execute(
      new ChangeOrganizationCommand(
        actor,
        id,
        { name: body.name, description: body.description },
        ifMatch,
      ),
    );
    const organization = await this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
    void reply.header('etag', etagOf(organization.version));
    return organization;
  }

  @Post(':id/deactivate')
  @HttpCode(204)
  @TenantRoles(...TENANT_MANAGER_ROLES)
  @ApiOperation({
    summary: 'Deactivate an organization (no renames or new members afterwards)',
    description: WRITERS,
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async deactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new DeactivateOrganizationCommand(actor, id));
  }

  @Post(':id/members')
  @TenantRoles(...TENANT_MANAGER_ROLES)
  @ApiOperation({
    summary: 'Add a member of the tenant to the organization',
    description: `${WRITERS} Someone who is not a live member of the tenant is a 422.`,
  })
  @ApiCreatedResponse({
    type: OrganizationMemberResponseDto,
    headers: { Location: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async addMember(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AddOrganizationMemberRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationMemberView> {
    await this.commands.execute(
      new AddOrganizationMemberCommand(actor, id, body.userId, body.role ?? 'member'),
    );
    const member = await this.queries.execute<GetOrganizationMemberQuery, OrganizationMemberView>(
      new GetOrganizationMemberQuery(actor, id, body.userId),
    );
    void reply.header('location', `/api/v1/organizations/${id}/members/${body.userId}`);
    return member;
  }

  @Get(':id/members')
  @ApiOperation({
    summary: 'List an organization’s members',
    description: `${SCOPE} Any member of the tenant.`,
  })
  @ApiOkResponse({ type: OrganizationMemberPageResponseDto })
  @ApiProblems(400, 401, 403, 404)
  members(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<OrganizationMemberView>> {
    return this.queries.execute(
      new ListOrganizationMembersQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Get(':id/members/:userId')
  @ApiOperation({
    summary: 'Read one member of an organization',
    description: `${SCOPE} Any member of the tenant.`,
  })
  @ApiOkResponse({ type: OrganizationMemberResponseDto })
  @ApiProblems(400, 401, 403, 404)
  member(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<OrganizationMemberView> {
    return this.queries.execute(new GetOrganizationMemberQuery(actor, id, userId));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @TenantRoles(...TENANT_MANAGER_ROLES)
  @ApiOperation({ summary: 'Remove a member from the organization', description: WRITERS })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async removeMember(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveOrganizationMemberCommand(actor, id, userId));
  }
}
