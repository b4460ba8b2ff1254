import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import {
  IfMatch,
  Page,
  PageQuery,
  RequestValidationError,
  Route,
  UuidParam,
} from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import {
  AccountRef,
  AddTenantMemberCommand,
} from '../application/commands/add-tenant-member/add-tenant-member.command';
import { ChangeTenantMemberCommand } from '../application/commands/change-tenant-member/change-tenant-member.command';
import { RemoveTenantMemberCommand } from '../application/commands/remove-tenant-member/remove-tenant-member.command';
import { GetTenantMemberQuery } from '../application/queries/get-tenant-member/get-tenant-member.query';
import { ListTenantMembersQuery } from '../application/queries/list-tenant-members/list-tenant-members.query';
import { TenantMemberView } from '../application/queries/tenant.read-model';
import {
  AddTenantMemberRequestDto,
  TenantMemberPageResponseDto,
  TenantMemberResponseDto,
  UpdateTenantMemberRequestDto,
} from './dto/membership.dto';

const MANAGERS =
  'Platform admins, and owners or admins of this tenant acting in it (token tenant = this tenant).';

@ApiTags('tenants')
@ApiBearerAuth('bearer')
@ApiParam({ name: 'id', format: 'uuid', description: 'Tenant id' })
@Controller('tenants/:id/members')
export class TenantMembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    location: (member: TenantMemberView, params) =>
      `/api/v1/tenants/${params.id}/members/${member.userId}`,
    summary: 'Add an existing account to the tenant',
    description: `${MANAGERS} Name the account by userId or email. Only owners grant the owner role.`,
    type: TenantMemberResponseDto,
    problems: [404, 422],
  })
  async add(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AddTenantMemberRequestDto,
  ): Promise<TenantMemberView> {
    const { userId } = await this.commands.execute<AddTenantMemberCommand, { userId: string }>(
      new AddTenantMemberCommand(
        actor,
        id,
        accountOf(body),
        body.role,
        body.expiresAt ? new Date(body.expiresAt) : null,
      ),
    );
    return this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
  }

  @Route.List({
    summary: 'List the tenant’s members',
    description: MANAGERS,
    type: TenantMemberPageResponseDto,
    problems: [404],
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<TenantMemberView>> {
    return this.queries.execute(
      new ListTenantMembersQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Route.Read({
    path: ':userId',
    summary: 'Read one member',
    description: `${MANAGERS} Answers an ETag for If-Match.`,
    type: TenantMemberResponseDto,
  })
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<TenantMemberView> {
    return this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
  }

  @Route.Update({
    path: ':userId',
    summary: 'Change a member’s tenant role or expiry',
    description: `${MANAGERS} The last owner cannot be demoted (409); only owners change ownership.`,
    type: TenantMemberResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
    @Body() body: UpdateTenantMemberRequestDto,
    @IfMatch() ifMatch?: number,
  ): Promise<TenantMemberView> {
    const expiresAt =
      body.expiresAt === undefined
        ? undefined
        : body.expiresAt === null
          ? null
          : new Date(body.expiresAt);
    await this.commands.execute(
      new ChangeTenantMemberCommand(actor, id, userId, { role: body.role, expiresAt }, ifMatch),
    );
    return this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
  }

  @Route.Delete({
    path: ':userId',
    summary: 'Remove a member from the tenant (and from its organizations)',
    description: `${MANAGERS} The last owner cannot be removed (409).`,
  })
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveTenantMemberCommand(actor, id, userId));
  }
}

/** Exactly one of userId and email: the DTO checks each, this checks that not both came. */
function accountOf(body: AddTenantMemberRequestDto): AccountRef {
  if (body.userId !== undefined && body.email !== undefined) {
    throw new RequestValidationError([
      { field: 'email', message: 'give either userId or email, not both' },
    ]);
  }
  return body.userId !== undefined ? { userId: body.userId } : { email: body.email ?? '' };
}
