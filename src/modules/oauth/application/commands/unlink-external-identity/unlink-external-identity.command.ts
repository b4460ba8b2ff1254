import type { Actor } from '@opsledger/persistence';

export class UnlinkExternalIdentityCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly identityId: string,
  ) {}
}
