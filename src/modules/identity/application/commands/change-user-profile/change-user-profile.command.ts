import type { Actor } from '@opsledger/persistence';

export class ChangeUserProfileCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly changes: { fullName?: string | null; username?: string | null },
    /** From If-Match: the version the client edited; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
