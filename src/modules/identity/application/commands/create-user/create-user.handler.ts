import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '../../../domain/email';
import { EmailTakenError } from '../../../domain/identity.errors';
import { PasswordHasher } from '../../../domain/password-hasher.port';
import { assertPasswordAcceptable } from '../../../domain/password-policy';
import { User } from '../../../domain/user.aggregate';
import { UserRepository } from '../../../domain/user.repository';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: CreateUserCommand): Promise<{ id: string }> {
    const email = normalizeEmail(command.email);
    assertPasswordAcceptable(command.password, email);
    const passwordHash = await this.hasher.hash(command.password);
    return this.db.transaction(async () => {
      if (await this.users.emailExists(email)) throw new EmailTakenError();
      const user = User.register({
        id: randomUUID(),
        email,
        username: command.username,
        fullName: command.fullName,
        passwordHash,
        role: command.role,
        emailVerified: command.emailVerified,
        via: command.via,
      });
      await this.users.save(user);
      return { id: user.id };
    });
  }
}
