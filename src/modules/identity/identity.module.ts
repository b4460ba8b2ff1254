import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ActionTokens } from './application/action-tokens';
import { BootstrapAdmin } from './application/bootstrap-admin';
import { RequestEmailVerificationHandler } from './application/commands/request-email-verification/request-email-verification.handler';
import { RequestPasswordResetHandler } from './application/commands/request-password-reset/request-password-reset.handler';
import { ResetPasswordHandler } from './application/commands/reset-password/reset-password.handler';
import { VerifyEmailHandler } from './application/commands/verify-email/verify-email.handler';
import { Mailer } from './application/mailer.port';
import { LogMailer } from './infrastructure/mail/log-mailer';
import { ChangePasswordHandler } from './application/commands/change-password/change-password.handler';
import { ChangeUserProfileHandler } from './application/commands/change-user-profile/change-user-profile.handler';
import { ChangeUserRoleHandler } from './application/commands/change-user-role/change-user-role.handler';
import { CreateUserHandler } from './application/commands/create-user/create-user.handler';
import { LoginHandler } from './application/commands/login/login.handler';
import { RefreshSessionHandler } from './application/commands/refresh-session/refresh-session.handler';
import { RevokeSessionHandler } from './application/commands/revoke-session/revoke-session.handler';
import { SetUserActiveHandler } from './application/commands/set-user-active/set-user-active.handler';
import { SwitchTenantHandler } from './application/commands/switch-tenant/switch-tenant.handler';
import { LoginThrottle } from './application/login-throttle.port';
import { MembershipReader } from './application/membership.reader';
import { GetUserHandler } from './application/queries/get-user/get-user.handler';
import { ListSessionsHandler } from './application/queries/list-sessions/list-sessions.handler';
import { ListUsersHandler } from './application/queries/list-users/list-users.handler';
import { IdentityReader } from './application/queries/user.read-model';
import { RefreshTokenCodec } from './application/refresh-token-codec';
import { SessionTokens } from './application/session-tokens';
import { PasswordHasher } from './domain/password-hasher.port';
import { SessionRepository } from './domain/session.repository';
import { UserRepository } from './domain/user.repository';
import { AuthController } from './api/auth.controller';
import { MeController, SessionsController } from './api/me.controller';
import { UsersController } from './api/users.controller';
import { Argon2PasswordHasher } from './infrastructure/security/argon2-password-hasher';
import { MemoryLoginThrottle } from './infrastructure/security/memory-login-throttle';
import { RedisLoginThrottle } from './infrastructure/security/redis-login-throttle';
import { SqlIdentityReader } from './infrastructure/typeorm/sql-identity.reader';
import { SqlMembershipReader } from './infrastructure/typeorm/sql-membership.reader';
import { TypeormSessionRepository } from './infrastructure/typeorm/typeorm-session.repository';
import { TypeormUserRepository } from './infrastructure/typeorm/typeorm-user.repository';
import { ProfileOrmEntity, UserOrmEntity } from './infrastructure/typeorm/user.orm-entity';

const commandHandlers = [
  CreateUserHandler,
  ChangeUserProfileHandler,
  ChangeUserRoleHandler,
  SetUserActiveHandler,
  ChangePasswordHandler,
  LoginHandler,
  RefreshSessionHandler,
  RevokeSessionHandler,
  SwitchTenantHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
  RequestEmailVerificationHandler,
  VerifyEmailHandler,
];

const queryHandlers = [GetUserHandler, ListUsersHandler, ListSessionsHandler];

const ports = [
  { provide: UserRepository, useClass: TypeormUserRepository },
  { provide: SessionRepository, useClass: TypeormSessionRepository },
  { provide: IdentityReader, useClass: SqlIdentityReader },
  { provide: MembershipReader, useClass: SqlMembershipReader },
  { provide: PasswordHasher, useClass: Argon2PasswordHasher },
  { provide: Mailer, useClass: LogMailer },
  {
    provide: LoginThrottle,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => (config.REDIS_URL ? new RedisLoginThrottle(config.REDIS_URL) : new MemoryLoginThrottle()),
  },
];

registerConstraintField('uq_users_email', 'email');
registerConstraintField('uq_users_username', 'username');
registerConstraintField('uq_profiles_email', 'email');
registerConstraintField('uq_tenants_slug', 'slug');
registerConstraintField('uq_user_tenants_user_tenant', 'userId');
registerConstraintField('uq_organizations_tenant_slug', 'slug');
registerConstraintField('uq_user_organizations_user_org', 'userId');

/** Accounts, sessions, tenants and memberships: the one login of the platform. */
@Module({
  imports: [TypeOrmModule.forFeature([UserOrmEntity, ProfileOrmEntity])],
  controllers: [AuthController, UsersController, MeController, SessionsController],
  providers: [...commandHandlers, ...queryHandlers, ...ports, RefreshTokenCodec, SessionTokens, ActionTokens, BootstrapAdmin],
  exports: [MembershipReader],
})
export class IdentityModule {}
