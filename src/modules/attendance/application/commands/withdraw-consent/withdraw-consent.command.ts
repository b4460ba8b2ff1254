import type { Actor } from '@opsledger/persistence';

export class WithdrawConsentCommand {
  constructor(
    readonly actor: Actor,
    readonly contactId: string,
  ) {}
}
