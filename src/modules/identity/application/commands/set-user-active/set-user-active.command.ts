import type { Actor } from '@opsledger/persistence';

export class SetUserActiveCommand {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly active: boolean,
  ) {}
}
