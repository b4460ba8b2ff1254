import type { Actor } from '@opsledger/persistence';

export class ChangePasswordCommand {
  constructor(
    readonly actor: Actor,
    readonly currentPassword: string,
    readonly newPassword: string,
  ) {}
}
