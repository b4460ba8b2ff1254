import { DynamicModule, Global, Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import {
  AccessGuard,
  AccessRevocationFeed,
  AccessRevocations,
  AUTH_OPTIONS,
  AuthOptions,
  JwtStrategy,
  KeyStore,
  KeyStoreOptions,
  TokenIssuer,
} from '@opsledger/auth';
import {
  createValidationPipe,
  installResourceHeaders,
  ProblemDetailsFilter,
} from '@opsledger/http';
import { fastifyServerOf } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HealthController } from './health.controller';
import { JwksController } from './jwks.controller';
import { MetricsController } from './metrics.controller';
import { ServiceLogTap } from './service-log-tap';

export interface PlatformOptions {
  config: AppConfig;
  auth: AuthOptions;
  keys: KeyStoreOptions;
  /** What the root logger hands on at warn and above (system_logs listen). */
  logTap?: ServiceLogTap;
}

/** Cross-cutting HTTP and security wiring that every context relies on. */
@Global()
@Module({})
export class PlatformModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The headers composed routes promise (`ETag`, `Location`), set as Fastify serializes. */
  onModuleInit(): void {
    const server = fastifyServerOf<Parameters<typeof installResourceHeaders>[0]>(
      this.adapterHost,
      'resource headers are set',
    );
    if (server) installResourceHeaders(server);
  }

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [PassportModule, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, JwksController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: ServiceLogTap, useValue: options.logTap ?? new ServiceLogTap() },
        { provide: AUTH_OPTIONS, useValue: options.auth },
        {
          provide: KeyStore,
          useFactory: async () => {
            const keys = new KeyStore();
            await keys.load(options.keys);
            return keys;
          },
        },
        TokenIssuer,
        AccessRevocations,
        AccessRevocationFeed,
        JwtStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG, ServiceLogTap, AUTH_OPTIONS, KeyStore, TokenIssuer, AccessRevocations],
    };
  }
}
