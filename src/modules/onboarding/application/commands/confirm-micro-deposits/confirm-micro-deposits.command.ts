import type { Actor } from '@opsledger/persistence';
import type { MicroDepositAmounts } from '../../micro-deposits.port';

export class ConfirmMicroDepositsCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly bankAccountId: string,
    readonly amounts: MicroDepositAmounts,
  ) {}
}

export interface MicroDepositConfirmation {
  verified: boolean;
  verificationStatus: string;
  attempts: number;
  attemptsLeft: number;
  lockedUntil: string | null;
}
