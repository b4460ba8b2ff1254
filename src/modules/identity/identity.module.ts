import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ActionTokens } from './application/action-tokens';
import { BootstrapAdmin } from './application/bootstrap-admin';
import { SignUpHandler } from './application/commands/sign-up/sign-up.handler';
import { RequestEmailVerificationHandler } from './application/commands/request-email-verification/request-email-verification.handler';
import { RequestPasswordResetHandler } from './application/commands/request-password-reset/request-password-reset.handler';
import { ResetPasswordHandler } from './application/commands/reset-password/reset-password.handler';
import { VerifyEmailHandler } from './application/commands/verify-email/verify-email.handler';
import { Mailer } from './application/mailer.port';
import { LogMailer } from './infrastructure/mail/log.mailer';
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
import { MembershipReader } from './application/queries/membership.reader';
import { IdentityDirectory } from './application/identity-directory.port';
import { RepositoryIdentityDirectory } from './application/identity-directory';
import { GetUserHandler } from './application/queries/get-user/get-user.handler';
import { ListSessionsHandler } from './application/queries/list-sessions/list-sessions.handler';
import { ListUsersHandler } from './application/queries/list-users/list-users.handler';
import { IdentityReader } from './application/queries/identity.reader';
import { RefreshTokenCodec } from './application/refresh-token-codec';
import { SessionTokens } from './application/session-tokens';
import { PasswordHasher } from './domain/password-hasher.port';
import { SessionRepository } from './domain/session.repository';
import { UserRepository } from './domain/user.repository';
import { AccountPagesController } from './api/account-pages.controller';
import { AuthController } from './api/auth.controller';
import { MeController, SessionsController } from './api/me.controller';
import { UsersController } from './api/users.controller';
import { SqlIdentityErasureParticipant } from './infrastructure/erasure/sql-identity-erasure.participant';
import { SqlActionTokenRetentionRule } from './infrastructure/retention/sql-action-token-retention.rule';
import { SqlSessionRetentionRule } from './infrastructure/retention/sql-session-retention.rule';
import { Argon2PasswordHasher } from './infrastructure/security/argon2-password.hasher';
import { MemoryLoginThrottle } from './infrastructure/security/memory-login.throttle';
import { RedisLoginThrottle } from './infrastructure/security/redis-login.throttle';
import { SqlIdentityReader } from './infrastructure/typeorm/sql-identity.reader';
import { SqlMembershipReader } from './infrastructure/typeorm/sql-membership.reader';
import { SqlSessionRepository } from './infrastructure/typeorm/sql-session.repository';
import { SqlUserRepository } from './infrastructure/typeorm/sql-user.repository';
import { ProfileOrmEntity, UserOrmEntity } from './infrastructure/typeorm/user.orm-entity';

import { AddOrganizationMemberHandler } from './application/commands/add-organization-member/add-organization-member.handler';
import { AddTenantMemberHandler } from './application/commands/add-tenant-member/add-tenant-member.handler';
import { ChangeOrganizationHandler } from './application/commands/change-organization/change-organization.handler';
import { ChangeTenantMemberHandler } from './application/commands/change-tenant-member/change-tenant-member.handler';
import { ChangeTenantHandler } from './application/commands/change-tenant/change-tenant.handler';
import { CreateOrganizationHandler } from './application/commands/create-organization/create-organization.handler';
import { CreateTenantHandler } from './application/commands/create-tenant/create-tenant.handler';
import { DeactivateOrganizationHandler } from './application/commands/deactivate-organization/deactivate-organization.handler';
import { RemoveOrganizationMemberHandler } from './application/commands/remove-organization-member/remove-organization-member.handler';
import { RemoveTenantMemberHandler } from './application/commands/remove-tenant-member/remove-tenant-member.handler';
import { SetDefaultTenantHandler } from './application/commands/set-default-tenant/set-default-tenant.handler';
import { SetTenantActiveHandler } from './application/commands/set-tenant-active/set-tenant-active.handler';
import { GetOrganizationMemberHandler } from './application/queries/get-organization-member/get-organization-member.handler';
import { GetOrganizationHandler } from './application/queries/get-organization/get-organization.handler';
import { GetTenantMemberHandler } from './application/queries/get-tenant-member/get-tenant-member.handler';
import { GetTenantHandler } from './application/queries/get-tenant/get-tenant.handler';
import { ListOrganizationMembersHandler } from './application/queries/list-organization-members/list-organization-members.handler';
import { ListOrganizationsHandler } from './application/queries/list-organizations/list-organizations.handler';
import { ListTenantMembersHandler } from './application/queries/list-tenant-members/list-tenant-members.handler';
import { ListTenantsHandler } from './application/queries/list-tenants/list-tenants.handler';
import { OrganizationReader } from './application/queries/organization.reader';
import { TenantReader } from './application/queries/tenant.reader';
import { TenantAccess } from './application/tenant-access';
import { MembershipRepository } from './domain/membership.repository';
import { OrganizationRepository } from './domain/organization.repository';
import { TenantRepository } from './domain/tenant.repository';
import { DefaultTenantController } from './api/default-tenant.controller';
import { OrganizationsController } from './api/organizations.controller';
import { TenantMembersController } from './api/tenant-members.controller';
import { TenantsController } from './api/tenants.controller';
import { SqlOrganizationReader } from './infrastructure/typeorm/sql-organization.reader';
import { SqlTenantReader } from './infrastructure/typeorm/sql-tenant.reader';
import { SqlMembershipRepository } from './infrastructure/typeorm/sql-membership.repository';
import { SqlOrganizationRepository } from './infrastructure/typeorm/sql-organization.repository';
import { SqlTenantRepository } from './infrastructure/typeorm/sql-tenant.repository';
import { SqlActionTokens } from './infrastructure/typeorm/sql-action.tokens';

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
  SignUpHandler,
  CreateTenantHandler,
  ChangeTenantHandler,
  SetTenantActiveHandler,
  AddTenantMemberHandler,
  ChangeTenantMemberHandler,
  RemoveTenantMemberHandler,
  SetDefaultTenantHandler,
  CreateOrganizationHandler,
  ChangeOrganizationHandler,
  DeactivateOrganizationHandler,
  AddOrganizationMemberHandler,
  RemoveOrganizationMemberHandler,
];

const queryHandlers = [
  GetUserHandler,
  ListUsersHandler,
  ListSessionsHandler,
  GetTenantHandler,
  ListTenantsHandler,
  GetTenantMemberHandler,
  ListTenantMembersHandler,
  GetOrganizationHandler,
  ListOrganizationsHandler,
  GetOrganizationMemberHandler,
  ListOrganizationMembersHandler,
];

const ports = [
  { provide: UserRepository, useClass: SqlUserRepository },
  { provide: SessionRepository, useClass: SqlSessionRepository },
  { provide: IdentityReader, useClass: SqlIdentityReader },
  { provide: MembershipReader, useClass: SqlMembershipReader },
  { provide: PasswordHasher, useClass: Argon2PasswordHasher },
  { provide: Mailer, useClass: LogMailer },
  {
    provide: LoginThrottle,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) =>
      config.REDIS_URL ? new RedisLoginThrottle(config.REDIS_URL) : new MemoryLoginThrottle(),
  },
  { provide: TenantRepository, useClass: SqlTenantRepository },
  { provide: ActionTokens, useClass: SqlActionTokens },
  { provide: MembershipRepository, useClass: SqlMembershipRepository },
  { provide: OrganizationRepository, useClass: SqlOrganizationRepository },
  { provide: TenantReader, useClass: SqlTenantReader },
  { provide: OrganizationReader, useClass: SqlOrganizationReader },
  { provide: IdentityDirectory, useClass: RepositoryIdentityDirectory },
];

registerConstraintField('uq_users_email', 'email');
registerConstraintField('uq_users_username', 'username');
registerConstraintField('uq_profiles_email', 'email');
registerConstraintField('uq_tenants_slug', 'slug');
registerConstraintField('uq_user_tenants_user_tenant', 'userId');
registerConstraintField('uq_organizations_tenant_slug', 'slug');
registerConstraintField('uq_user_organizations_user_org', 'userId');
registerConstraintField('uq_user_tenants_one_default', 'tenantId');

/** Accounts, sessions, tenants and memberships: the one login of the platform. */
@Module({
  imports: [TypeOrmModule.forFeature([UserOrmEntity, ProfileOrmEntity])],
  controllers: [
    AccountPagesController,
    AuthController,
    UsersController,
    MeController,
    SessionsController,
    TenantsController,
    TenantMembersController,
    DefaultTenantController,
    OrganizationsController,
  ],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...ports,
    RefreshTokenCodec,
    SessionTokens,
    BootstrapAdmin,
    TenantAccess,
    SqlIdentityErasureParticipant,
    SqlSessionRetentionRule,
    SqlActionTokenRetentionRule,
  ],
  exports: [MembershipReader, IdentityDirectory],
})
export class IdentityModule {}
