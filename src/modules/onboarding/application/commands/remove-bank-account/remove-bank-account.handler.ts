import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { BankAccountRepository } from '../../../domain/bank-account.repository';
import { assertSees } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { RemoveBankAccountCommand } from './remove-bank-account.command';

@CommandHandler(RemoveBankAccountCommand)
export class RemoveBankAccountHandler implements ICommandHandler<RemoveBankAccountCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly accounts: BankAccountRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: RemoveBankAccountCommand): Promise<void> {
    const viewer = await this.viewers.contractor(command.actor);
    await this.db.transaction(async () => {
      const account = await this.accounts.findById(viewer.tenantId, command.bankAccountId);
      assertSees(viewer, account?.snapshot ?? null, 'bank account', command.bankAccountId);
      assertVersion(account!, command.ifMatch);
      account!.remove();
      await this.accounts.save(account!);
    });
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
  }
}
