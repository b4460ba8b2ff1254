import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { KeyStoreOptions } from '@opsledger/auth';
import { CryptoModule, DataKeyRingOptions } from '@opsledger/crypto';
import { DocumentStoreModule } from '@opsledger/document-store';
import { EventStoreModule } from '@opsledger/event-store';
import { DocumentTextModule } from '@opsledger/document-text';
import { JobsModule } from '@opsledger/jobs';
import { ObjectStorageModule } from '@opsledger/object-storage';
import { PersistenceModule } from '@opsledger/persistence';
import { PersonalDataModule } from '@opsledger/personal-data';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { resolve } from 'node:path';
import { AppConfig, s3SettingsOf, witnessConfigOf } from './config/app-config';
import { clientAddress, parseTrustProxy } from './config/trust-proxy';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AttendanceModule } from './modules/attendance/attendance.module';
import { OnboardingModule } from './modules/onboarding/onboarding.module';
import { CrmModule } from './modules/crm/crm.module';
import { AuditModule } from './modules/audit/audit.module';
import { FieldServiceModule } from './modules/field-service/field-service.module';
import { IdentityModule } from './modules/identity/identity.module';
import { OAuthModule } from './modules/oauth/oauth.module';
import { PortfolioModule } from './modules/portfolio/portfolio.public';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { PlatformModule } from './platform/platform.module';
import { serviceLogTapOf } from './platform/service-log-tap';

export interface AppModuleOptions {
  config: AppConfig;
  keys: KeyStoreOptions;
  /** The data key ring (personal-data keys are wrapped by it); never derived from `keys`. */
  dataKeys: DataKeyRingOptions;
  issuer: string;
  logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const trust = parseTrustProxy(config.TRUST_PROXY);
    const trustProxy = typeof trust === 'function' ? trust : false;
    return {
      module: AppModule,
      imports: [
        // Nest's logger writes through the root pino instance Fastify also uses (one instance,
        // see http-adapter.ts); the root logger's mixin adds the request's correlation id, which
        // is Fastify's request id unless the caller sent one. No per-request middleware
        // (`forRoutes: []`): nestjs-pino's would bind each request's child logger through
        // @fastify/middie on every request for the same field (docs/decisions.md).
        LoggerModule.forRoot({
          pinoHttp: { logger: options.logger },
          useExisting: true,
          forRoutes: [],
        }),
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          poolSize: config.DB_POOL_SIZE,
          timeouts: {
            connectMs: config.DB_CONNECT_TIMEOUT_MS,
            statementMs: config.DB_STATEMENT_TIMEOUT_MS,
            lockMs: config.DB_LOCK_TIMEOUT_MS,
            idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
          },
          clientAddress: (req) => clientAddress(req, trustProxy),
        }),
        CryptoModule.forRoot(options.dataKeys),
        EventStoreModule.forRoot({
          pollMs: config.PROJECTION_POLL_MS,
          witness: witnessConfigOf(config),
          witnessFlushMs: config.LEDGER_WITNESS_FLUSH_MS,
        }),
        PersonalDataModule.forRoot(),
        DocumentStoreModule.forRoot({ mongodbUri: config.MONGODB_URI }),
        PlatformModule.forRoot({
          config,
          keys: options.keys,
          logTap: serviceLogTapOf(options.logger),
          auth: { issuer: options.issuer, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
        }),
        JobsModule.forRoot({
          enabled: config.JOB_WORKERS ?? config.NODE_ENV !== 'test',
          concurrency: config.JOB_CONCURRENCY,
          pollMs: config.JOB_POLL_MS,
        }),
        ObjectStorageModule.forRoot({
          dataDir: resolve(config.DATA_DIR),
          s3: s3SettingsOf(config),
          publicUrl: options.issuer,
        }),
        DocumentTextModule,
        IdentityModule,
        OAuthModule,
        FieldServiceModule,
        AttendanceModule,
        OnboardingModule,
        AuditModule,
        AccountsModule,
        PrivacyModule,
        PortfolioModule,
        CrmModule,
      ],
    };
  }
}
