import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ParameterFreeTypeOrmLogger } from './loggable-error';
import { DataSource } from 'typeorm';
import { IncomingMessage } from 'node:http';
import { Db } from './db';
import { fastifyServerOf } from './fastify-server';
import { PgListener } from './pg-listener';
import { leanQueriesOf } from './lean-queries';
import { prepareStatementsOf } from './prepared-statements';
import type { EventEmitter } from 'node:events';
import { RequestContext } from './request-context';
import { ClientAddressOf, openRequestScopes, RequestScope } from './request-scope';

const CLIENT_ADDRESS = Symbol('opsledger.clientAddress');

export const APP_DB_ROLE = 'opsledger_app';

/** How long the service waits on PostgreSQL before it answers 503 instead (milliseconds). */
export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free one from the pool (pg-pool uses one timer for both). */
  connectMs: number;
  /** One statement, server side; the client gives up too, a second later, if the server is frozen. */
  statementMs: number;
  /** Waiting for a row or table lock. */
  lockMs: number;
  /** A transaction left open with nothing running: the server ends the session. */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 15_000,
  lockMs: 5_000,
  idleInTransactionMs: 30_000,
};

/** The pool's driver options: the role switch and every timeout (0 disables one). */
export function driverOptionsOf(
  timeouts: DatabaseTimeouts,
  poolSize: number,
): Record<string, unknown> {
  return {
    max: poolSize,
    connectionTimeoutMillis: timeouts.connectMs,
    // A frozen server never enforces its own statement_timeout: the client stops waiting too.
    query_timeout: timeouts.statementMs > 0 ? timeouts.statementMs + 1_000 : undefined,
    options: [
      `-c role=${APP_DB_ROLE}`,
      `-c statement_timeout=${timeouts.statementMs}`,
      `-c lock_timeout=${timeouts.lockMs}`,
      `-c idle_in_transaction_session_timeout=${timeouts.idleInTransactionMs}`,
    ].join(' '),
  };
}

export interface PersistenceOptions {
  databaseUrl: string;
  poolSize?: number;
  /** Defaults: DEFAULT_DATABASE_TIMEOUTS. */
  timeouts?: Partial<DatabaseTimeouts>;
  logQueries?: boolean;
  /** The client's address for the request context (the ledger's ip); default: the socket's peer. */
  clientAddress?: (req: IncomingMessage) => string | null;
}

/**
 * TypeORM over `pg` with `synchronize` off, and the request context in the request's scope (units of work
 * propagate through it, see Db). Every pooled connection switches to the non-owner role on connect,
 * so row-level security binds the application even when the URL names the owner.
 */
@Global()
@Module({})
export class PersistenceModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CLIENT_ADDRESS) private readonly clientAddress: ClientAddressOf,
  ) {}

  /**
   * Every HTTP request runs in a scope of its own (`openRequestScopes`), added before the
   * server starts; an application without an HTTP server (the CLI, a worker) has none to add.
   */
  onModuleInit(): void {
    const server = fastifyServerOf<Parameters<typeof openRequestScopes>[0]>(
      this.adapterHost,
      'the request scope is opened',
    );
    if (server) openRequestScopes(server, this.clientAddress);
  }

  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: options.databaseUrl,
            synchronize: false,
            migrationsRun: false,
            autoLoadEntities: true,
            // TypeORM's own loggers print statements with their parameters (hashes, tokens):
            // this one never does; errors surface as exceptions, logged through loggableError.
            logging: options.logQueries ? 'all' : false,
            logger: new ParameterFreeTypeOrmLogger(options.logQueries ?? false),
            extra: driverOptionsOf(
              { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts },
              options.poolSize ?? 20,
            ),
          }),
          dataSourceFactory: async (opts) => {
            const dataSource = await new DataSource(opts!).initialize();
            prepareStatementsOf((dataSource.driver as unknown as { master: EventEmitter }).master);
            leanQueriesOf(dataSource, options.logQueries ?? false);
            return dataSource;
          },
        }),
      ],
      providers: [
        RequestScope,
        RequestContext,
        Db,
        PgListener,
        {
          provide: CLIENT_ADDRESS,
          useValue: ((req: IncomingMessage) =>
            options.clientAddress
              ? options.clientAddress(req)
              : (req.socket?.remoteAddress ?? null)) satisfies ClientAddressOf,
        },
      ],
      exports: [RequestScope, RequestContext, Db, PgListener],
    };
  }
}
