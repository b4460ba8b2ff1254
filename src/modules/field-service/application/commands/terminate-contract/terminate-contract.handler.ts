import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { TerminateContractCommand } from './terminate-contract.command';

/** Ends an active contract before its end date. */
@CommandHandler(TerminateContractCommand)
export class TerminateContractHandler implements ICommandHandler<TerminateContractCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: TerminateContractCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.terminate(),
    );
  }
}
