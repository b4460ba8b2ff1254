import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { BankAccount } from '../../../domain/bank-account.aggregate';
import { BankAccountRepository } from '../../../domain/bank-account.repository';
import { ownContractor } from '../../onboarding-access';
import { OnboardingViewers } from '../../onboarding-viewer';
import { ProgressChanges } from '../../progress-changes';
import { AddBankAccountCommand } from './add-bank-account.command';

@CommandHandler(AddBankAccountCommand)
export class AddBankAccountHandler implements ICommandHandler<
  AddBankAccountCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly accounts: BankAccountRepository,
    private readonly changes: ProgressChanges,
  ) {}

  async execute(command: AddBankAccountCommand): Promise<{ id: string }> {
    const viewer = await ownContractor(this.viewers, command.actor, command.contractorId);
    const account = BankAccount.add({
      id: randomUUID(),
      tenantId: viewer.tenantId,
      contractorId: viewer.contractorId,
      ...command.account,
    });
    await this.db.transaction(() => this.accounts.save(account));
    this.db.afterCommit(() => this.changes.committed(viewer.tenantId, viewer.contractorId));
    return { id: account.id };
  }
}
