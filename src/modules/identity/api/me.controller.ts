import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ChangePasswordCommand } from '../application/commands/change-password/change-password.command';
import { RequestEmailVerificationCommand } from '../application/commands/request-email-verification/request-email-verification.command';
import { RevokeSessionCommand } from '../application/commands/revoke-session/revoke-session.command';
import { MembershipReader, MembershipView } from '../application/queries/membership.reader';
import { GetUserQuery } from '../application/queries/get-user/get-user.query';
import { ListSessionsQuery } from '../application/queries/list-sessions/list-sessions.query';
import { SessionView, UserView } from '../application/queries/user.read-model';
import {
  ChangePasswordRequestDto,
  ListSessionsQueryDto,
  SessionPageResponseDto,
  UserResponseDto,
} from './dto/user.dto';

class MembershipResponseDto {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty() tenantName: string;
  @ApiProperty({ nullable: true, type: String }) tenantSlug: string | null;
  @ApiProperty() role: string;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: Date | null;
}

class MeResponseDto extends UserResponseDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String }) tenantRole: string | null;
  @ApiProperty({ type: [MembershipResponseDto] }) memberships: MembershipResponseDto[];
}

@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('me')
export class MeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly memberships: MembershipReader,
  ) {}

  @Route.Read({
    summary: 'The calling account, its current tenant and its memberships',
    type: MeResponseDto,
  })
  async me(@CurrentActor() actor: Actor) {
    const user = await this.queries.execute<GetUserQuery, UserView>(
      new GetUserQuery(actor, actor.id ?? ''),
    );
    const memberships = await this.memberships.forUser(user.id);
    return {
      ...user,
      tenantId: actor.tenantId,
      tenantRole: actor.tenantRole,
      memberships: memberships.map((m: MembershipView) => ({
        tenantId: m.tenantId,
        tenantName: m.tenantName,
        tenantSlug: m.tenantSlug,
        role: m.role,
        isDefault: m.isDefault,
        expiresAt: m.expiresAt,
      })),
    };
  }

  @Route.Action({
    path: 'password',
    summary: 'Change your password; every other session ends',
    // The new hash is computed between the check and the write, outside any transaction.
    unitOfWork: false,
    problems: [422],
  })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordRequestDto,
  ): Promise<void> {
    await this.commands.execute(
      new ChangePasswordCommand(actor, body.currentPassword, body.newPassword),
    );
  }

  @Route.Action({
    path: 'email-verification',
    summary: 'Mail yourself a new email-verification link',
    problems: [409],
    status: 202,
  })
  async requestEmailVerification(@CurrentActor() actor: Actor): Promise<void> {
    await this.commands.execute(new RequestEmailVerificationCommand(actor.id ?? ''));
  }

  @Route.List({
    path: 'sessions',
    summary: 'Your sessions (live ones unless includeEnded)',
    type: SessionPageResponseDto,
  })
  sessions(
    @CurrentActor() actor: Actor,
    @Query() query: ListSessionsQueryDto,
  ): Promise<Page<SessionView>> {
    return this.queries.execute(
      new ListSessionsQuery(
        actor,
        actor.id ?? '',
        query.includeEnded ?? false,
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Route.Delete({ path: 'sessions/:id', summary: 'Revoke one of your sessions' })
  async revoke(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(new RevokeSessionCommand(actor, id, 'revoked_by_user'));
  }
}

@ApiTags('sessions')
@ApiBearerAuth('bearer')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly commands: CommandBus) {}

  @Route.Delete({
    path: ':id',
    summary: 'Revoke any session (platform admin; your own for everyone else)',
  })
  async revoke(@Target() { actor, id }: Target): Promise<void> {
    await this.commands.execute(
      new RevokeSessionCommand(
        actor,
        id,
        actor.roles.includes('admin') ? 'revoked_by_admin' : 'revoked_by_user',
      ),
    );
  }
}
