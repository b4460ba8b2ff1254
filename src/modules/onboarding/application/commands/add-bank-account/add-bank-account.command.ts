import type { Actor } from '@opsledger/persistence';
import type {
  BankAccountType,
  BankVerificationMethod,
} from '../../../domain/events/bank-account.events';

/** Only the last four digits (or the provider's ids) ever reach the command. */
export class AddBankAccountCommand {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
    readonly account: {
      accountType: BankAccountType;
      verificationMethod: BankVerificationMethod;
      last4?: string | null;
      plaidItemId?: string | null;
      plaidAccountId?: string | null;
    },
  ) {}
}
