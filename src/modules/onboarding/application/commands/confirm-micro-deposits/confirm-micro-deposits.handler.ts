import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { MICRO_DEPOSIT_MAX_ATTEMPTS } from '../../../domain/bank-account.aggregate';
import { BankAccountRepository } from '../../../domain/bank-account.repository';
import { BankAccountNotFoundError } from '../../../domain/documents.errors';
import { ContractorRequiredError } from '../../../domain/onboarding.errors';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import { MicroDepositHasher } from '../../micro-deposits.port';
import {
  ConfirmMicroDepositsCommand,
  MicroDepositConfirmation,
} from './confirm-micro-deposits.command';

/**
 * The contractor types the two amounts. A wrong pair is an answer, not an error: the attempt
 * is counted and committed (the third wrong one fails and locks the account); once locked,
 * further tries are refused (409) until the lock runs out and deposits are sent again.
 */
@CommandHandler(ConfirmMicroDepositsCommand)
export class ConfirmMicroDepositsHandler implements ICommandHandler<
  ConfirmMicroDepositsCommand,
  MicroDepositConfirmation
> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly accounts: BankAccountRepository,
    private readonly hasher: MicroDepositHasher,
  ) {}

  execute(command: ConfirmMicroDepositsCommand): Promise<MicroDepositConfirmation> {
    return this.db.transaction(async () => {
      const { tenantId, contractorId, reviewer } = await contractorForDocuments(
        this.directory,
        command.actor,
        command.contractorId,
      );
      const contractor = await this.directory.find(tenantId, contractorId);
      // only the account holder can read the statement: a reviewer confirming would defeat it
      if (reviewer && contractor?.userId !== command.actor.id) throw new ContractorRequiredError();
      const account = await this.accounts.findById(tenantId, command.bankAccountId);
      if (!account || account.snapshot.contractorId !== contractorId || account.snapshot.removed)
        throw new BankAccountNotFoundError(command.bankAccountId);
      const stored = account.snapshot.microDepositHash;
      const matches = stored !== null && this.hasher.matches(account.id, command.amounts, stored);
      const verified = account.confirmMicroDeposits(matches);
      await this.accounts.save(account);
      const s = account.snapshot;
      return {
        verified,
        verificationStatus: s.verificationStatus,
        attempts: s.microDepositAttempts,
        attemptsLeft: verified
          ? 0
          : Math.max(0, MICRO_DEPOSIT_MAX_ATTEMPTS - s.microDepositAttempts),
        lockedUntil: s.microDepositLockedUntil?.toISOString() ?? null,
      };
    });
  }
}
