import type { Actor } from '@opsledger/persistence';

export class RevokeGrantCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    /** Public client_id. */
    readonly clientId: string,
  ) {}
}
