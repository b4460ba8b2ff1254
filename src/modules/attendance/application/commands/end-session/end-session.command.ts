import type { Actor } from '@opsledger/persistence';

export class EndSessionCommand {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
  ) {}
}
