import type { Actor } from '@opsledger/persistence';

export class DeactivateClientCommand {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {}
}
