import { Global, Module } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { DataKeyRing } from '@opsledger/crypto';
import { APP_CONFIG, AppConfig, vaultKeysOf } from '../../config/app-config';
import { registerConstraintField } from '@opsledger/persistence';
import { IdentityModule } from '../identity/identity.public';
import { AccountHolders } from './application/account-holders.port';
import { ApiKeyHealthChecker } from './application/api-key-health-checker.port';
import { CheckApiKeyHandler } from './application/commands/check-api-key/check-api-key.handler';
import { ChangeUserPlanHandler } from './application/commands/change-user-plan/change-user-plan.handler';
import { RemoveApiKeyHandler } from './application/commands/remove-api-key/remove-api-key.handler';
import { ReplaceApiKeyHandler } from './application/commands/replace-api-key/replace-api-key.handler';
import { StoreApiKeyHandler } from './application/commands/store-api-key/store-api-key.handler';
import { ApiKeyReader } from './application/queries/api-key.reader';
import { GetApiKeyHandler } from './application/queries/get-api-key/get-api-key.handler';
import { GetUserPlanHandler } from './application/queries/get-user-plan/get-user-plan.handler';
import { ListApiKeysHandler } from './application/queries/list-api-keys/list-api-keys.handler';
import { UserPlanReader } from './application/queries/user-plan.reader';
import { ApiKeysController, UserApiKeysController } from './api/api-keys.controller';
import { PlansController } from './api/plans.controller';
import { ApiKeyCipher } from './domain/api-key-cipher.port';
import { ApiKeyRepository } from './domain/api-key.repository';
import { UserPlanRepository } from './domain/user-plan.repository';
import { SqlAccountsErasureParticipant } from './infrastructure/erasure/sql-accounts-erasure.participant';
import { FormatApiKeyHealthChecker } from './infrastructure/providers/format-api-key-health.checker';
import { AesGcmApiKeyCipher } from './infrastructure/security/aes-gcm-api-key.cipher';
import { ApiKeyReencryptionScheduler } from './infrastructure/security/api-key-reencryption.scheduler';
import { SqlApiKeyReencryption } from './infrastructure/security/sql-api-key.reencryption';
import { DirectoryAccountHolders } from './infrastructure/identity/directory-account.holders';
import { SqlApiKeyReader } from './infrastructure/typeorm/sql-api-key.reader';
import { SqlPlanLimits } from './infrastructure/typeorm/sql-plan.limits';
import { SqlUserPlanReader } from './infrastructure/typeorm/sql-user-plan.reader';
import { SqlApiKeyRepository } from './infrastructure/typeorm/sql-api-key.repository';
import { SqlUserPlanRepository } from './infrastructure/typeorm/sql-user-plan.repository';
import { PlanLimits } from './plans.public';

/** Label of the v1 vault master secret, derived from the signing keys (read only, until moved). */
export const API_KEY_VAULT_SECRET = 'api-key-vault';

/** The vault's own key ring (VAULT_KEYS / VAULT_KEYS_FILE), apart from the data key ring. */
export const VAULT_KEY_RING = Symbol('VAULT_KEY_RING');

const commandHandlers = [
  StoreApiKeyHandler,
  ReplaceApiKeyHandler,
  RemoveApiKeyHandler,
  CheckApiKeyHandler,
  ChangeUserPlanHandler,
];

const queryHandlers = [ListApiKeysHandler, GetApiKeyHandler, GetUserPlanHandler];

const ports = [
  { provide: ApiKeyRepository, useClass: SqlApiKeyRepository },
  { provide: UserPlanRepository, useClass: SqlUserPlanRepository },
  { provide: ApiKeyReader, useClass: SqlApiKeyReader },
  { provide: UserPlanReader, useClass: SqlUserPlanReader },
  { provide: AccountHolders, useClass: DirectoryAccountHolders },
  { provide: PlanLimits, useClass: SqlPlanLimits },
  { provide: ApiKeyHealthChecker, useClass: FormatApiKeyHealthChecker },
  {
    provide: VAULT_KEY_RING,
    inject: [APP_CONFIG],
    useFactory: async (config: AppConfig) => {
      const ring = new DataKeyRing();
      await ring.load(vaultKeysOf(config));
      return ring;
    },
  },
  {
    provide: ApiKeyCipher,
    inject: [VAULT_KEY_RING, KeyStore],
    useFactory: (ring: DataKeyRing, keys: KeyStore) =>
      new AesGcmApiKeyCipher(ring, () => keys.deriveSecret(API_KEY_VAULT_SECRET)),
  },
];

registerConstraintField('idx_api_keys_user_service_unique', 'service');
registerConstraintField('idx_user_plans_user_unique', 'userId');

/**
 * Accounts (spec 002 `api_keys`, `user_plans`): each user's vault of third-party keys and
 * their subscription plan. Global so that other contexts can inject `PlanLimits` (declared in
 * plans.public.ts) without importing this module's file.
 */
@Global()
@Module({
  imports: [IdentityModule],
  controllers: [ApiKeysController, UserApiKeysController, PlansController],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...ports,
    SqlAccountsErasureParticipant,
    SqlApiKeyReencryption,
    ApiKeyReencryptionScheduler,
  ],
  exports: [PlanLimits],
})
export class AccountsModule {}
