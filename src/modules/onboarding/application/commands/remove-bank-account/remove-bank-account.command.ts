import type { Actor } from '@opsledger/persistence';

export class RemoveBankAccountCommand {
  constructor(
    readonly actor: Actor,
    readonly bankAccountId: string,
    readonly ifMatch?: number,
  ) {}
}
