import type { Actor } from '@opsledger/persistence';

export class GetExternalIdentityQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly id: string,
  ) {}
}
