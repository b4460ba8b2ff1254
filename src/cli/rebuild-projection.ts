import 'reflect-metadata';
import { ProjectionRunner } from '@opsledger/event-store';
import { ConfigurationError } from '../config/app-config';
import { withCliApp } from './cli-app';

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
  await withCliApp(
    async (app) => {
      const started = Date.now();
      const replayed = await app.get(ProjectionRunner).rebuild(name);
      say(
        `Rebuilt projection "${name}": ${replayed} events replayed in ${Date.now() - started} ms`,
      );
    },
    { note },
  );
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
