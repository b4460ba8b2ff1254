import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { ContractReviseCommand } from './contract-revise.command';

/** Dates, terms, value and billing cycle of a draft; an active contract is what was agreed. */
@CommandHandler(ContractReviseCommand)
export class ContractReviseHandler implements ICommandHandler<ContractReviseCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ContractReviseCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.revise(command.changes),
    );
  }
}
