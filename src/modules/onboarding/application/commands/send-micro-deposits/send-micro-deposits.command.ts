import type { Actor } from '@opsledger/persistence';

export class SendMicroDepositsCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly bankAccountId: string,
  ) {}
}
