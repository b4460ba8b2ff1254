import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { BankAccountRepository } from '../../../domain/bank-account.repository';
import { OnboardingClock } from '../../onboarding-clock';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { VerifyBankAccountCommand } from './verify-bank-account.command';

@CommandHandler(VerifyBankAccountCommand)
export class VerifyBankAccountHandler implements ICommandHandler<VerifyBankAccountCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly accounts: BankAccountRepository,
    private readonly clock: OnboardingClock,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: VerifyBankAccountCommand): Promise<void> {
    const viewer = await this.viewers.reviewer(command.actor);
    const contractorId = await this.db.transaction(async () => {
      const account = await this.accounts.findById(viewer.tenantId, command.bankAccountId);
      if (!account) throw new NotFoundError('bank account', command.bankAccountId);
      assertVersion(account, command.ifMatch);
      account.markVerified('manual', this.clock.now());
      await this.accounts.save(account);
      return account.snapshot.contractorId;
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, contractorId));
  }
}
