import type { Actor } from '@opsledger/persistence';

export class GetBankAccountQuery {
  constructor(
    readonly actor: Actor,
    readonly bankAccountId: string,
  ) {}
}
