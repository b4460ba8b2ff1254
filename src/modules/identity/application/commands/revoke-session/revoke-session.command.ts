import type { Actor } from '@opsledger/persistence';

export class RevokeSessionCommand {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
    readonly reason: 'logout' | 'revoked_by_user' | 'revoked_by_admin',
  ) {}
}
