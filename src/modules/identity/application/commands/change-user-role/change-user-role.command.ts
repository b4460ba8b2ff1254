import type { Actor } from '@opsledger/persistence';
import { PlatformRole } from '../../../domain/platform-role';

export class ChangeUserRoleCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly role: PlatformRole,
  ) {}
}
