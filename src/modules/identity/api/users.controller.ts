import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { Page, Route, Target, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

  @Route.Create({ summary: 'Create an account (platform admin)', type: UserResponseDto })
  @Roles('admin')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateUserRequestDto,
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
    return user;
  }

  @Route.List({
    summary: 'List accounts (your tenant’s members; every account for admins and support)',
    type: UserPageResponseDto,
  })
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

  @Route.Read({
    path: ':id',
    summary: 'Read one account',
    description: 'Answers an ETag to send back as If-Match when changing it.',
    type: UserResponseDto,
  })
  async get(@Target() { actor, id }: Target): Promise<UserView> {
    return this.queries.execute<GetUserQuery, UserView>(new GetUserQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change full name or username (the account holder or an admin)',
    type: UserResponseDto,
    ifMatch: true,
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateUserRequestDto,
  ): Promise<UserView> {
    await this.commands.execute(
      new ChangeUserProfileCommand(
        actor,
        id,
        { fullName: body.fullName, username: body.username },
        ifMatch,
      ),
    );
    return this.queries.execute<GetUserQuery, UserView>(new GetUserQuery(actor, id));
  }

  @Route.Action({ path: ':id/deactivate', summary: 'Deactivate an account; its sessions end' })
  @Roles('admin')
  async deactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new SetUserActiveCommand(actor, id, false));
  }

  @Route.Action({ path: ':id/reactivate', summary: 'Reactivate an account' })
  @Roles('admin')
  async reactivate(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new SetUserActiveCommand(actor, id, true));
  }

  @Route.Update({
    path: ':id/role',
    summary: 'Change an account’s platform role (admins only; never one’s own)',
    method: 'PUT',
  })
  @Roles('admin')
  async changeRole(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: ChangeRoleRequestDto,
  ): Promise<void> {
    await this.commands.execute(new ChangeUserRoleCommand(actor, id, body.role));
  }

  @Route.List({
    path: ':id/sessions',
    summary: 'List an account’s sessions (admin)',
    type: SessionPageResponseDto,
  })
  @Roles('admin')
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
