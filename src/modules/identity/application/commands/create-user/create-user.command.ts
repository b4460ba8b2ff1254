import type { Actor } from '@opsledger/persistence';
import { PlatformRole } from '../../../domain/platform-role';

export class CreateUserCommand {
  constructor(
    readonly actor: Actor,
    readonly email: string,
    readonly password: string,
    readonly username: string | null,
    readonly fullName: string | null,
    readonly role: PlatformRole,
    readonly emailVerified: boolean,
    readonly via: 'admin' | 'bootstrap' = 'admin',
  ) {}
}
