import type { Actor } from '@opsledger/persistence';

export class GetUserQuery {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {}
}
