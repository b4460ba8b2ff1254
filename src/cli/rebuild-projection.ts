import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProjectionRunner } from '@opsledger/event-store';
import { createRootLogger } from '../bootstrap/http-adapter';
import { AppModule } from '../app.module';
import { prepareDatabase } from '../bootstrap/prepare-database';
import {
  AppConfig,
  ConfigurationError,
  keyFilesOf,
  validateEnvironment,
} from '../config/app-config';

/*
 * npm run projections:rebuild -- <name>
 *
 * Clears one projection and replays the whole ledger into it, with the same configuration
 * and database the service uses. Running servers keep answering meanwhile; one of them that
 * runs this projection holds its lock, and the rebuild then refuses rather than race it.
 */

const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

async function rebuild(name: string): Promise<void> {
  const env = validateEnvironment(process.env);
  const database = await prepareDatabase(env, note);
  try {
    // No background projector or sealer in this process: the rebuild is the only work.
    const config: AppConfig = {
      ...env,
      databaseUrl: database.url,
      PROJECTION_POLL_MS: 0,
      SEAL_INTERVAL_SECONDS: 0,
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
      const started = Date.now();
      const replayed = await app.get(ProjectionRunner).rebuild(name);
      say(
        `Rebuilt projection "${name}": ${replayed} events replayed in ${Date.now() - started} ms`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || name.startsWith('-')) {
    note('usage: npm run projections:rebuild -- <projection name>   (for example: audit_trail)');
    return 2;
  }
  try {
    await rebuild(name);
    return 0;
  } catch (error) {
    note(
      error instanceof ConfigurationError || error instanceof Error ? error.message : String(error),
    );
    return 1;
  }
}

void main().then((code) => process.exit(code));
