import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { ReviseContractCommand } from './revise-contract.command';

/** Dates, terms, value and billing cycle of a draft; an active contract is what was agreed. */
@CommandHandler(ReviseContractCommand)
export class ReviseContractHandler implements ICommandHandler<ReviseContractCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ReviseContractCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.revise(command.changes),
    );
  }
}
