import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { createRootLogger } from '../bootstrap/http-adapter';
import { prepareDatabase } from '../bootstrap/prepare-database';
import { AppConfig, keyFilesOf, validateEnvironment } from '../config/app-config';

/**
 * The service's modules without an HTTP server, for one command-line task: the same
 * configuration (from `env`) and database as `npm start` (embedded unless DATABASE_URL names
 * one), no background projector, sealer or job worker (the task is the only work), no
 * bootstrap admin (the service's first start creates it and shows its password), closed
 * with its database when `task` settles.
 */
export async function withCliApp<T>(
  task: (app: INestApplicationContext) => Promise<T>,
  opts: { env?: NodeJS.ProcessEnv; note?: (line: string) => void } = {},
): Promise<T> {
  const note = opts.note ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = validateEnvironment(opts.env ?? process.env);
  const database = await prepareDatabase(env, note);
  try {
    const config: AppConfig = {
      ...env,
      databaseUrl: database.url,
      PROJECTION_POLL_MS: 0,
      SEAL_INTERVAL_SECONDS: 0,
      JOB_WORKERS: false,
      bootstrapAdmin: false,
    };
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({
        config,
        issuer:
          env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`,
        ...keyFilesOf(env),
        logger: createRootLogger({ LOG_LEVEL: 'warn' }),
      }),
      { logger: ['error', 'warn'] },
    );
    try {
      return await task(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}
