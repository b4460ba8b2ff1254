import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { randomBytes } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  ConfigurationError,
  DEFAULT_BOOTSTRAP_ADMIN_EMAIL,
} from '../../../config/app-config';
import { DomainError } from '@opsledger/ddd';
import { UserRepository } from '../domain/user.repository';
import { CreateUserCommand } from './commands/create-user/create-user.command';

/**
 * First start: creates the platform admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD, or with a
 * random password printed once on the console (never through the log pipeline, never a
 * fixed default). Not in a command-line task (`bootstrapAdmin: false`), whose output is
 * the task's: an import run first on an empty database would otherwise create the admin and
 * print its one-time password there, and the service's first start would not show it.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly context: RequestContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapAdmin === false) return;
    await this.context.run(SYSTEM_ACTOR, async () => {
      if (await this.db.read(() => this.users.adminExists())) return;
      const email = this.config.BOOTSTRAP_ADMIN_EMAIL ?? DEFAULT_BOOTSTRAP_ADMIN_EMAIL;
      const generated = !this.config.BOOTSTRAP_ADMIN_PASSWORD;
      const password =
        this.config.BOOTSTRAP_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
      await this.createAdmin(email, password);
      if (generated) {
        process.stdout.write(
          `\nCreated the platform admin ${email} with the one-time password: ${password}\n` +
            'It is shown only this once; change it with POST /api/v1/me/password.\n\n',
        );
      }
    });
  }

  /**
   * A value the identity rules refuse (validateEnvironment checks the password policy first;
   * this catches whatever else CreateUser refuses) is a configuration error naming the
   * variable, printed as one line by main.ts, never a stack trace.
   */
  private async createAdmin(email: string, password: string): Promise<void> {
    try {
      await this.commands.execute(
        new CreateUserCommand(
          SYSTEM_ACTOR,
          email,
          password,
          'admin',
          'Platform administrator',
          'admin',
          true,
          'bootstrap',
        ),
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid_input') throw error;
      const field = error.details?.field;
      const variable = field === 'email' ? 'BOOTSTRAP_ADMIN_EMAIL' : 'BOOTSTRAP_ADMIN_PASSWORD';
      throw new ConfigurationError(
        `Invalid configuration: ${variable} ${error.message.replace(/^(password|email)\s+/, '')}`,
      );
    }
  }
}
