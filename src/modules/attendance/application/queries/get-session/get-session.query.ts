import type { Actor } from '@opsledger/persistence';

export class GetSessionQuery {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
  ) {}
}
