import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
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
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import { OneUnitOfWork, type Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { ChangeUserProfileCommand } from '../application/commands/change-user-profile/change-user-profile.command';
import { ChangeUserRoleCommand } from '../application/commands/change-user-role/change-user-role.command';
import { CreateUserCommand } from '../application/commands/create-user/create-user.command';
import { SetUserActiveCommand } from '../application/commands/set-user-active/set-user-active.command';
import { GetUserQuery } from '../application/queries/get-user/get-user.query';
import { ListSessionsQuery } from '../application/queries/list-sessions/list-sessions.query';
import { ListUsersQuery } from '../application/queries/list-users/list-users.query';
import { SessionView, UserView } from '../application/queries/user.read-model';
import {
  ChangeRoleRequestDto,
  CreateUserRequestDto,
  ListSessionsQueryDto,
  ListUsersQueryDto,
  SessionPageResponseDto,
  UpdateUserRequestDto,
  UserPageResponseDto,
  UserResponseDto,
} from './dto/user.dto';

@ApiTags('users')
@ApiBearerAuth('bearer')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an account (platform admin)' })
  @ApiCreatedResponse({
    type: UserResponseDto,
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
    @Body() body: CreateUserRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const { id } = await this.commands.execute<CreateUserCommand, { id: string }>(
      new CreateUserCommand(
        actor,
        body.email,
        body.password,
        body.username ?? null,
        body.fullName ?? null,
        body.role ?? 'user',
        body.emailVerified ?? false,
      ),
    );
    const user = await this.queries.execute<GetUserQuery, UserView>(new GetUserQuery(actor, id));
    void reply.header('location', `/api/v1/users/${id}`).header('etag', etagOf(user.version));
    return user;
  }

  @Get()
  @ApiOperation({
    summary:
      'List accounts (tenant owners, admins and dispatchers: the tenant’s members; platform admins: every account; anyone else: only itself)',
  })
  @ApiOkResponse({ type: UserPageResponseDto })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    return this.queries.execute(
      new ListUsersQuery(
        actor,
        { search: query.search, isActive: query.isActive, role: query.role },
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read one account',
    description: 'Answers an ETag to send back as If-Match when changing it.',
  })
  @ApiOkResponse({ type: UserResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 404)
  async get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.queries.execute<GetUserQuery, UserView>(new GetUserQuery(actor, id));
    void reply.header('etag', etagOf(user.version));
    return user;
  }

  @Patch(':id')
  @OneUnitOfWork()
  @ApiOperation({ summary: 'Change full name or username (the account holder or an admin)' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from GET; a stale one is a 412',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateUserRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    await this.commands.execute(
      new ChangeUserProfileCommand(
        actor,
        id,
        { fullName: body.fullName, username: body.username },
        ifMatch,
      ),
    );
    const user = await this.queries.execute<GetUserQuery, UserView>(new GetUserQuery(actor, id));
    void reply.header('etag', etagOf(user.version));
    return user;
  }

  @Post(':id/deactivate')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate an account; its sessions end' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async deactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new SetUserActiveCommand(actor, id, false));
  }

  @Post(':id/reactivate')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Reactivate an account' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async reactivate(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.commands.execute(new SetUserActiveCommand(actor, id, true));
  }

  @Put(':id/role')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Change an account’s platform role (admins only; never one’s own)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async changeRole(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ChangeRoleRequestDto,
  ): Promise<void> {
    await this.commands.execute(new ChangeUserRoleCommand(actor, id, body.role));
  }

  @Get(':id/sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'List an account’s sessions (admin)' })
  @ApiOkResponse({ type: SessionPageResponseDto })
  @ApiProblems(400, 401, 403, 404)
  sessions(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ListSessionsQueryDto,
  ): Promise<Page<SessionView>> {
    return this.queries.execute(
      new ListSessionsQuery(
        actor,
        id,
        query.includeEnded ?? false,
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }
}
