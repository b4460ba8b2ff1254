import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomInt } from 'node:crypto';
import { BankAccountRepository } from '../../../domain/bank-account.repository';
import { BankAccountNotFoundError } from '../../../domain/documents.errors';
import { ContractorDirectory, contractorForDocuments } from '../../document-access';
import {
  MicroDepositAmounts,
  MicroDepositHasher,
  MicroDepositTransfers,
} from '../../micro-deposits.port';
import { SendMicroDepositsCommand } from './send-micro-deposits.command';

/**
 * Two random amounts (1–99 cents) go to the account; only their keyed hash is kept and the
 * ledger event carries neither. The deposits are sent after the state commits, so a failed
 * commit sends nothing; sending again replaces the amounts and resets the attempts.
 */
@CommandHandler(SendMicroDepositsCommand)
export class SendMicroDepositsHandler implements ICommandHandler<SendMicroDepositsCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly directory: ContractorDirectory,
    private readonly accounts: BankAccountRepository,
    private readonly hasher: MicroDepositHasher,
    private readonly transfers: MicroDepositTransfers,
  ) {}

  async execute(command: SendMicroDepositsCommand): Promise<void> {
    const amounts: MicroDepositAmounts = [randomInt(1, 100), randomInt(1, 100)];
    const target = await this.db.transaction(async () => {
      const { tenantId, contractorId } = await contractorForDocuments(
        this.directory,
        command.actor,
        command.contractorId,
      );
      const account = await this.accounts.findById(tenantId, command.bankAccountId);
      if (!account || account.snapshot.contractorId !== contractorId || account.snapshot.removed)
        throw new BankAccountNotFoundError(command.bankAccountId);
      account.sendMicroDeposits(this.hasher.hash(account.id, amounts));
      await this.accounts.save(account);
      return {
        tenantId,
        bankAccountId: account.id,
        plaidAccountId: account.snapshot.plaidAccountId,
      };
    });
    await this.transfers.send(target, amounts);
  }
}
