import type { Actor } from '@opsledger/persistence';

/** A reviewer verified the account by hand (a voided cheque, a bank letter). */
export class VerifyBankAccountCommand {
  constructor(
    readonly actor: Actor,
    readonly bankAccountId: string,
    readonly ifMatch?: number,
  ) {}
}
