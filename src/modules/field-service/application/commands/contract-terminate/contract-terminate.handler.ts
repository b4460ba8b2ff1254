import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { ContractTerminateCommand } from './contract-terminate.command';

/** Ends an active contract before its end date. */
@CommandHandler(ContractTerminateCommand)
export class ContractTerminateHandler implements ICommandHandler<ContractTerminateCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ContractTerminateCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.terminate(),
    );
  }
}
