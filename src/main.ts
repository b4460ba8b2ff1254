import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap/configure-app';
import { createHttpAdapter, createRootLogger } from './bootstrap/http-adapter';
import { prepareDatabase } from './bootstrap/prepare-database';
import { ConfigurationError, keyFilesOf, validateEnvironment } from './config/app-config';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = validateEnvironment(process.env);
  const database = await prepareDatabase(env, say);
  if (database.migrations.length > 0) say(`Applied migrations: ${database.migrations.join(', ')}`);
  const publicUrl =
    env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  const logger = createRootLogger(env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config: { ...env, databaseUrl: database.url },
      issuer: publicUrl,
      logger,
      ...keyFilesOf(env),
    }),
    createHttpAdapter(env, logger),
    { bufferLogs: true },
  );
  await configureApp(app, { ...env, databaseUrl: database.url });
  app.getHttpServer().on('close', () => void database.stop());
  await app.listen(env.PORT, env.HOST);
  say('');
  say(`OpsLedger is up: ${publicUrl}/api/v1`);
  say(`Swagger UI:      ${publicUrl}/docs   (OpenAPI JSON at ${publicUrl}/docs-json)`);
  say(
    `Log in:          POST ${publicUrl}/api/v1/auth/login with the bootstrap admin's email and password, then "Authorize" in Swagger UI.`,
  );
  if (database.embedded)
    say(
      `Database:        embedded PostgreSQL in ${database.clusterDir ?? resolve(env.DATA_DIR, 'postgres')}`,
    );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `OpsLedger failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
