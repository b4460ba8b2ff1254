import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import {
  ApiProblems,
  etagOf,
  IfMatch,
  Page,
  PageQuery,
  RequestValidationError,
  UuidParam,
} from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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

  @Post()
  @ApiOperation({
    summary: 'Add an existing account to the tenant',
    description: `${MANAGERS} Name the account by userId or email. Only owners grant the owner role.`,
  })
  @ApiCreatedResponse({
    type: TenantMemberResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async add(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: AddTenantMemberRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const member = await this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
    void reply
      .header('location', `/api/v1/tenants/${id}/members/${userId}`)
      .header('etag', etagOf(member.version));
    return member;
  }

  @Get()
  @ApiOperation({ summary: 'List the tenant’s members', description: MANAGERS })
  @ApiOkResponse({ type: TenantMemberPageResponseDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<Page<TenantMemberView>> {
    return this.queries.execute(
      new ListTenantMembersQuery(actor, id, query.limit ?? 20, query.cursor),
    );
  }

  @Get(':userId')
  @ApiOperation({
    summary: 'Read one member',
    description: `${MANAGERS} Answers an ETag for If-Match.`,
  })
  @ApiOkResponse({
    type: TenantMemberResponseDto,
    headers: { ETag: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TenantMemberView> {
    const member = await this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
    void reply.header('etag', etagOf(member.version));
    return member;
  }

  @Patch(':userId')
  @ApiOperation({
    summary: 'Change a member’s tenant role or expiry',
    description: `${MANAGERS} The last owner cannot be demoted (409); only owners change ownership.`,
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET; a stale one is a 412',
  })
  @ApiOkResponse({
    type: TenantMemberResponseDto,
    headers: { ETag: { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('userId') userId: string,
    @Body() body: UpdateTenantMemberRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const member = await this.queries.execute<GetTenantMemberQuery, TenantMemberView>(
      new GetTenantMemberQuery(actor, id, userId),
    );
    void reply.header('etag', etagOf(member.version));
    return member;
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a member from the tenant (and from its organizations)',
    description: `${MANAGERS} The last owner cannot be removed (409).`,
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
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
