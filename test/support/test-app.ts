import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpAdapter, createRootLogger } from '../../src/bootstrap/http-adapter';
import { ProjectionRunner } from '@opsledger/event-store';
import { PersonalDataReveal } from '@opsledger/personal-data';
import {
  createTestDatabase,
  latestLedgerEvent,
  projectionsBefore,
  TestDatabase,
  waitForLedgerHorizon,
} from '@opsledger/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import { AppConfig, validateEnvironment } from '../../src/config/app-config';

export const ADMIN_EMAIL = 'admin@test.opsledger';
export const ADMIN_PASSWORD = 'bootstrap-secret-for-tests';
export const ISSUER = 'http://opsledger.test';
export const METRICS_TOKEN = 'metrics-scraper-token-for-tests';
/** What a Prometheus scraper sends. */
export const SCRAPER = { authorization: `Bearer ${METRICS_TOKEN}` };

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Authenticated JSON request with a bearer token. */
  call(
    method: InjectOptions['method'],
    url: string,
    token: string | null,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  login(
    login: string,
    password: string,
    tenantId?: string,
  ): Promise<{
    accessToken: string;
    refreshToken: string;
    sessionId: string;
    tenantId: string | null;
  }>;
  loginAsAdmin(): Promise<string>;
  /** A copy with every sealed personal value (ledger envelopes) replaced by its value or `[erased]`. */
  reveal<T>(value: T): Promise<T>;
  /** Waits until every event is readable by the projector (see waitForLedgerHorizon), then projects it. */
  project(): Promise<void>;
  createUser(
    adminToken: string,
    opts?: { email?: string; password?: string; role?: string; fullName?: string },
  ): Promise<{ id: string; email: string; password: string }>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A full application on its own freshly cloned database, driven through Fastify's inject; or,
 * with `database`, a second instance on another app's database (which that app drops).
 */
export async function createTestApp(
  overrides: Partial<Record<string, string>> = {},
  opts: { database?: TestDatabase; logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const db = opts.database ?? (await createTestDatabase());
  // the ledger witness (and anything else kept under DATA_DIR) belongs to this app alone
  const dataDir = await mkdtemp(join(tmpdir(), 'opsledger-app-'));
  const env = validateEnvironment({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PROJECTION_POLL_MS: '0',
    SEAL_INTERVAL_SECONDS: '0',
    METRICS_TOKEN,
    ...overrides,
  });
  const config: AppConfig = { ...env, databaseUrl: db.url };
  // Silent unless a test captures the log (with LOG_LEVEL among the overrides).
  const logger = createRootLogger(config, opts.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      issuer: ISSUER,
      // In memory unless a test shares key files between instances.
      keys: { file: env.SIGNING_KEYS_FILE, generateIfMissing: true },
      dataKeys: { file: env.DATA_KEYS_FILE, generateIfMissing: true },
      logger,
    }),
    createHttpAdapter(config, logger),
    // Nest's own logger stays off unless a test captures the log.
    { logger: opts.logDestination ? undefined : false, bufferLogs: true },
  );
  await configureApp(app, config);
  await app.init();
  // Nest buffers its log lines until listen(), which inject-driven tests never call.
  if (opts.logDestination) app.flushLogs();
  await app.getHttpAdapter().getInstance().ready();

  const inject = (opts: InjectOptions) => app.inject(opts);
  const call: TestApp['call'] = (method, url, token, payload, headers = {}) =>
    app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload:
        payload === undefined
          ? undefined
          : typeof payload === 'string'
            ? payload
            : JSON.stringify(payload),
    });
  const login: TestApp['login'] = async (loginName, password, tenantId) => {
    const res = await call('POST', '/api/v1/auth/login', null, {
      login: loginName,
      password,
      ...(tenantId ? { tenantId } : {}),
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    app,
    db,
    config,
    inject,
    call,
    login,
    reveal: (value) => app.get(PersonalDataReveal).reveal(value),
    project: async () => {
      // A pass reads below the horizon of its own snapshot, which can sit lower than the one
      // waited for: a transaction of another database that was running when the pass took
      // its snapshot and ended before the horizon was computed holds it (it might have been
      // one of this ledger's writers). Passes until the projections this instance runs reach
      // the ledger's last event as it stood when asked.
      const runner = app.get(ProjectionRunner);
      const target = await latestLedgerEvent(db.url);
      const deadline = Date.now() + 15_000;
      for (;;) {
        await waitForLedgerHorizon(db.url);
        await runner.catchUpAll();
        if (target === null) return;
        const held = runner.names().filter((name) => runner.holds(name));
        const behind = await projectionsBefore(db.url, held, target);
        if (behind.length === 0) return;
        if (Date.now() > deadline)
          throw new Error(`projections still behind the ledger: ${behind.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    loginAsAdmin: async () => (await login(ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken,
    createUser: async (adminToken, opts = {}) => {
      counter += 1;
      const email = opts.email ?? `user${counter}-${Date.now()}@test.opsledger`;
      const password = opts.password ?? 'a-long-enough-password';
      const res = await call('POST', '/api/v1/users', adminToken, {
        email,
        password,
        role: opts.role ?? 'user',
        fullName: opts.fullName ?? 'Test User',
        emailVerified: true,
      });
      if (res.statusCode !== 201)
        throw new Error(`createUser failed: ${res.statusCode} ${res.body}`);
      return { id: (res.json() as { id: string }).id, email, password };
    },
    close: async () => {
      await app.close();
      if (!opts.database) await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
