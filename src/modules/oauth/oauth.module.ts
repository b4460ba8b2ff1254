import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { IdentityModule } from '../identity/identity.public';
import { ChangeClientHandler } from './application/commands/change-client/change-client.handler';
import { DeactivateClientHandler } from './application/commands/deactivate-client/deactivate-client.handler';
import { RegisterClientHandler } from './application/commands/register-client/register-client.handler';
import { RotateClientSecretHandler } from './application/commands/rotate-client-secret/rotate-client-secret.handler';
import { ClientSecrets } from './application/client-secrets';
import { InteractionCodec } from './application/interaction';
import { GetClientHandler } from './application/queries/get-client/get-client.handler';
import { ListClientsHandler } from './application/queries/list-clients/list-clients.handler';
import { OAuthClientReader } from './application/queries/oauth-client.read-model';
import { OAuthGrantReader } from './application/queries/oauth-grant.read-model';
import { ExternalIdentityReader } from './application/queries/external-identity.read-model';
import { TokenStateReader } from './application/queries/token-state.read-model';
import { TokenMint } from './application/token-mint';
import { AuthorizationCodeRepository } from './domain/authorization-code.repository';
import { ConsentRepository } from './domain/consent.repository';
import { ExternalIdentityRepository } from './domain/external-identity.repository';
import { OAuthClientRepository } from './domain/oauth-client.repository';
import { SsoSessionRepository } from './domain/sso-session.repository';
import { TokenFamilyRepository } from './domain/token-family.repository';
import { OAuthClientsController } from './api/oauth-clients.controller';
import { SqlExternalIdentityReader } from './infrastructure/typeorm/sql-external-identity.reader';
import { SqlOAuthClientReader } from './infrastructure/typeorm/sql-oauth-client.reader';
import { SqlOAuthGrantReader } from './infrastructure/typeorm/sql-oauth-grant.reader';
import { SqlTokenStateReader } from './infrastructure/typeorm/sql-token-state.reader';
import { TypeormAuthorizationCodeRepository } from './infrastructure/typeorm/typeorm-authorization-code.repository';
import { TypeormConsentRepository } from './infrastructure/typeorm/typeorm-consent.repository';
import { TypeormExternalIdentityRepository } from './infrastructure/typeorm/typeorm-external-identity.repository';
import { TypeormOAuthClientRepository } from './infrastructure/typeorm/typeorm-oauth-client.repository';
import { TypeormSsoSessionRepository } from './infrastructure/typeorm/typeorm-sso-session.repository';
import { TypeormTokenFamilyRepository } from './infrastructure/typeorm/typeorm-token-family.repository';

const commandHandlers = [RegisterClientHandler, ChangeClientHandler, RotateClientSecretHandler, DeactivateClientHandler];

const queryHandlers = [GetClientHandler, ListClientsHandler];

const ports = [
  { provide: OAuthClientRepository, useClass: TypeormOAuthClientRepository },
  { provide: AuthorizationCodeRepository, useClass: TypeormAuthorizationCodeRepository },
  { provide: TokenFamilyRepository, useClass: TypeormTokenFamilyRepository },
  { provide: ConsentRepository, useClass: TypeormConsentRepository },
  { provide: SsoSessionRepository, useClass: TypeormSsoSessionRepository },
  { provide: ExternalIdentityRepository, useClass: TypeormExternalIdentityRepository },
  { provide: OAuthClientReader, useClass: SqlOAuthClientReader },
  { provide: OAuthGrantReader, useClass: SqlOAuthGrantReader },
  { provide: TokenStateReader, useClass: SqlTokenStateReader },
  { provide: ExternalIdentityReader, useClass: SqlExternalIdentityReader },
];

const services = [ClientSecrets, TokenMint, InteractionCodec];

registerConstraintField('uq_oauth_clients_client_id', 'clientId');
registerConstraintField('oauth_clients_tenant_id_fkey', 'tenantId');
registerConstraintField('uq_external_identities_provider_subject', 'subject');
registerConstraintField('external_identities_user_id_fkey', 'userId');

/** The OAuth 2.0 / OpenID Connect provider: clients, consents, codes, token families, external identities. */
@Module({
  imports: [IdentityModule],
  controllers: [OAuthClientsController],
  providers: [...commandHandlers, ...queryHandlers, ...ports, ...services],
})
export class OAuthModule {}
