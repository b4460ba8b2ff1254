import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, TenantRoles } from '@opsledger/auth';
import { Page, PageQuery, Route, Target, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

  @Route.Create({
    summary: 'Create an organization in your tenant',
    description: WRITERS,
    type: OrganizationResponseDto,
  })
  @TenantRoles(...TENANT_MANAGER_ROLES)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateOrganizationRequestDto,
  ): Promise<OrganizationView> {
    const { id } = await this.commands.execute<CreateOrganizationCommand, { id: string }>(
      new CreateOrganizationCommand(actor, body.name, body.slug, body.description ?? null),
    );
    return this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
  }

  @Route.List({
    summary: 'List your tenant’s organizations',
    description: `${SCOPE} Any member of the tenant.`,
    type: OrganizationPageResponseDto,
  })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<Page<OrganizationView>> {
    return this.queries.execute(new ListOrganizationsQuery(actor, query.limit ?? 20, query.cursor));
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one organization',
    description: `${SCOPE} Any member of the tenant. Answers an ETag for If-Match.`,
    type: OrganizationResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<OrganizationView> {
    return this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
  }

  @Route.Update({
    path: ':id',
    summary: 'Rename an organization or change its description',
    description: WRITERS,
    type: OrganizationResponseDto,
    ifMatch: true,
  })
  @TenantRoles(...TENANT_MANAGER_ROLES)
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateOrganizationRequestDto,
  ): Promise<OrganizationView> {
    await this.commands.execute(
      new ChangeOrganizationCommand(
        actor,
        id,
        { name: body.name, description: body.description },
        ifMatch,
      ),
    );
    return this.queries.execute<GetOrganizationQuery, OrganizationView>(
      new GetOrganizationQuery(actor, id),
    );
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Deactivate an organization (no renames or new members afterwards)',
    description: WRITERS,
  })
  @TenantRoles(...TENANT_MANAGER_ROLES)
  async deactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new DeactivateOrganizationCommand(actor, id));
  }

  @Route.Create({
    path: ':id/members',
    location: (member: OrganizationMemberView) =>
      `/api/v1/organizations/${member.organizationId}/members/${member.userId}`,
    summary: 'Add a member of the tenant to the organization',
    description: `${WRITERS} Someone who is not a live member of the tenant is a 422.`,
    type: OrganizationMemberResponseDto,
    problems: [422],
  })
  @TenantRoles(...TENANT_MANAGER_ROLES)
  async addMember(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AddOrganizationMemberRequestDto,
  ): Promise<OrganizationMemberView> {
    await this.commands.execute(
      new AddOrganizationMemberCommand(actor, id, body.userId, body.role ?? 'member'),
    );
    return this.queries.execute<GetOrganizationMemberQuery, OrganizationMemberView>(
      new GetOrganizationMemberQuery(actor, id, body.userId),
    );
  }

  @Route.List({
    path: ':id/members',
    summary: 'List an organization’s members',
    description: `${SCOPE} Any member of the tenant.`,
    type: OrganizationMemberPageResponseDto,
  })
  members(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<OrganizationMemberView>> {
    return this.queries.execute(
      new ListOrganizationMembersQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Read({
    path: ':id/members/:userId',
    summary: 'Read one member of an organization',
    description: `${SCOPE} Any member of the tenant.`,
    type: OrganizationMemberResponseDto,
  })
  member(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<OrganizationMemberView> {
    return this.queries.execute(new GetOrganizationMemberQuery(actor, id, userId));
  }

  @Route.Delete({
    path: ':id/members/:userId',
    summary: 'Remove a member from the organization',
    description: WRITERS,
  })
  @TenantRoles(...TENANT_MANAGER_ROLES)
  async removeMember(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveOrganizationMemberCommand(actor, id, userId));
  }
}
