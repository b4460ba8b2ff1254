import { Module } from '@nestjs/common';
import { ExternalTokenVerifier } from '@opsledger/auth';
import { registerConstraintField } from '@opsledger/persistence';
import { IdentityModule } from '../identity/identity.public';
import { SqlOAuthErasureParticipant } from './infrastructure/erasure/sql-oauth-erasure.participant';
import { SqlAuthorizationCodeRetentionRule } from './infrastructure/retention/sql-authorization-code-retention.rule';
import { SqlOidcSessionRetentionRule } from './infrastructure/retention/sql-oidc-session-retention.rule';
import { SqlTokenFamilyRetentionRule } from './infrastructure/retention/sql-token-family-retention.rule';
import { AuthorizationController } from './api/authorization.controller';
import { BrowserCookies } from './api/browser-cookies';
import { ProtocolCors } from './api/protocol-cors';
import { DiscoveryController } from './api/discovery.controller';
import { ExternalIdentitiesController } from './api/external-identities.controller';
import { LogoutController } from './api/logout.controller';
import { OAuthClientsController } from './api/oauth-clients.controller';
import { MyConsentsController, UserOAuthGrantsController } from './api/oauth-grants.controller';
import { TokenController } from './api/token.controller';
import { UserInfoController } from './api/userinfo.controller';
import { ClientAuthenticator } from './application/client-authenticator';
import { ClientSecrets } from './application/client-secrets';
import { ChangeClientHandler } from './application/commands/change-client/change-client.handler';
import { DeactivateClientHandler } from './application/commands/deactivate-client/deactivate-client.handler';
import { EndSsoSessionHandler } from './application/commands/end-sso-session/end-sso-session.handler';
import { ExchangeAuthorizationCodeHandler } from './application/commands/exchange-authorization-code/exchange-authorization-code.handler';
import { GrantConsentHandler } from './application/commands/grant-consent/grant-consent.handler';
import { IssueAuthorizationCodeHandler } from './application/commands/issue-authorization-code/issue-authorization-code.handler';
import { IssueClientTokenHandler } from './application/commands/issue-client-token/issue-client-token.handler';
import { LinkExternalIdentityHandler } from './application/commands/link-external-identity/link-external-identity.handler';
import { RefreshAccessTokenHandler } from './application/commands/refresh-access-token/refresh-access-token.handler';
import { RegisterClientHandler } from './application/commands/register-client/register-client.handler';
import { RevokeGrantHandler } from './application/commands/revoke-grant/revoke-grant.handler';
import { RevokeTokenHandler } from './application/commands/revoke-token/revoke-token.handler';
import { RotateClientSecretHandler } from './application/commands/rotate-client-secret/rotate-client-secret.handler';
import { SignInHandler } from './application/commands/sign-in/sign-in.handler';
import { UnlinkExternalIdentityHandler } from './application/commands/unlink-external-identity/unlink-external-identity.handler';
import { GrantTokens } from './application/grant-tokens';
import { InteractionCodec } from './application/interaction';
import { AuthorizationStateReader } from './application/queries/authorization-state.reader';
import { ExternalIdentityReader } from './application/queries/external-identity.reader';
import { GetClientHandler } from './application/queries/get-client/get-client.handler';
import { GetExternalIdentityHandler } from './application/queries/get-external-identity/get-external-identity.handler';
import { GetUserInfoHandler } from './application/queries/get-userinfo/get-userinfo.handler';
import { IntrospectTokenHandler } from './application/queries/introspect-token/introspect-token.handler';
import { ListClientsHandler } from './application/queries/list-clients/list-clients.handler';
import { ListExternalIdentitiesHandler } from './application/queries/list-external-identities/list-external-identities.handler';
import { ListUserGrantsHandler } from './application/queries/list-user-grants/list-user-grants.handler';
import { GetNextAuthorizationStepHandler } from './application/queries/get-next-authorization-step/get-next-authorization-step.handler';
import { OAuthClientReader } from './application/queries/oauth-client.reader';
import { OAuthGrantReader } from './application/queries/oauth-grant.reader';
import { TokenStateReader } from './application/queries/token-state.reader';
import { ValidateAuthorizationRequestHandler } from './application/queries/validate-authorization-request/validate-authorization-request.handler';
import { ValidateLogoutRequestHandler } from './application/queries/validate-logout-request/validate-logout-request.handler';
import { TokenMint } from './application/token-mint';
import { UserClaims } from './application/user-claims';
import { AuthorizationCodeRepository } from './domain/authorization-code.repository';
import { ConsentRepository } from './domain/consent.repository';
import { ExternalIdentityRepository } from './domain/external-identity.repository';
import { OAuthClientRepository } from './domain/oauth-client.repository';
import { SsoSessionRepository } from './domain/sso-session.repository';
import { TokenFamilyRepository } from './domain/token-family.repository';
import { JoseExternalTokenVerifier } from './infrastructure/security/jose-external-token.verifier';
import { SqlAuthorizationStateReader } from './infrastructure/typeorm/sql-authorization-state.reader';
import { SqlExternalIdentityReader } from './infrastructure/typeorm/sql-external-identity.reader';
import { SqlOAuthClientReader } from './infrastructure/typeorm/sql-oauth-client.reader';
import { SqlOAuthGrantReader } from './infrastructure/typeorm/sql-oauth-grant.reader';
import { SqlTokenStateReader } from './infrastructure/typeorm/sql-token-state.reader';
import { SqlAuthorizationCodeRepository } from './infrastructure/typeorm/sql-authorization-code.repository';
import { SqlConsentRepository } from './infrastructure/typeorm/sql-consent.repository';
import { SqlExternalIdentityRepository } from './infrastructure/typeorm/sql-external-identity.repository';
import { SqlOAuthClientRepository } from './infrastructure/typeorm/sql-oauth-client.repository';
import { SqlSsoSessionRepository } from './infrastructure/typeorm/sql-sso-session.repository';
import { SqlTokenFamilyRepository } from './infrastructure/typeorm/sql-token-family.repository';

const commandHandlers = [
  RegisterClientHandler,
  ChangeClientHandler,
  RotateClientSecretHandler,
  DeactivateClientHandler,
  SignInHandler,
  GrantConsentHandler,
  IssueAuthorizationCodeHandler,
  ExchangeAuthorizationCodeHandler,
  RefreshAccessTokenHandler,
  IssueClientTokenHandler,
  RevokeTokenHandler,
  EndSsoSessionHandler,
  RevokeGrantHandler,
  LinkExternalIdentityHandler,
  UnlinkExternalIdentityHandler,
];

const queryHandlers = [
  GetClientHandler,
  ListClientsHandler,
  ValidateAuthorizationRequestHandler,
  GetNextAuthorizationStepHandler,
  IntrospectTokenHandler,
  GetUserInfoHandler,
  ValidateLogoutRequestHandler,
  ListUserGrantsHandler,
  ListExternalIdentitiesHandler,
  GetExternalIdentityHandler,
];

const ports = [
  { provide: OAuthClientRepository, useClass: SqlOAuthClientRepository },
  { provide: AuthorizationCodeRepository, useClass: SqlAuthorizationCodeRepository },
  { provide: TokenFamilyRepository, useClass: SqlTokenFamilyRepository },
  { provide: ConsentRepository, useClass: SqlConsentRepository },
  { provide: SsoSessionRepository, useClass: SqlSsoSessionRepository },
  { provide: ExternalIdentityRepository, useClass: SqlExternalIdentityRepository },
  { provide: OAuthClientReader, useClass: SqlOAuthClientReader },
  { provide: OAuthGrantReader, useClass: SqlOAuthGrantReader },
  { provide: TokenStateReader, useClass: SqlTokenStateReader },
  { provide: ExternalIdentityReader, useClass: SqlExternalIdentityReader },
  { provide: AuthorizationStateReader, useClass: SqlAuthorizationStateReader },
  { provide: ExternalTokenVerifier, useClass: JoseExternalTokenVerifier },
];

const services = [
  ClientSecrets,
  ClientAuthenticator,
  TokenMint,
  GrantTokens,
  UserClaims,
  InteractionCodec,
  BrowserCookies,
  ProtocolCors,
];

registerConstraintField('uq_oauth_clients_client_id', 'clientId');
registerConstraintField('oauth_clients_tenant_id_fkey', 'tenantId');
registerConstraintField('uq_oauth_consents_user_client', 'clientId');
registerConstraintField('uq_external_identities_provider_subject', 'subject');
registerConstraintField('external_identities_user_id_fkey', 'id');

/**
 * The OAuth 2.0 / OpenID Connect provider: client registrations, the authorization
 * endpoint and its pages, tokens, consents, sign-in sessions and external identities.
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    DiscoveryController,
    AuthorizationController,
    TokenController,
    UserInfoController,
    LogoutController,
    OAuthClientsController,
    MyConsentsController,
    UserOAuthGrantsController,
    ExternalIdentitiesController,
  ],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...ports,
    ...services,
    SqlOAuthErasureParticipant,
    SqlAuthorizationCodeRetentionRule,
    SqlTokenFamilyRetentionRule,
    SqlOidcSessionRetentionRule,
  ],
})
export class OAuthModule {}
