import type { Actor } from '@opsledger/persistence';

export class LinkExternalIdentityCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly provider: string,
    readonly subject: string,
  ) {}
}
