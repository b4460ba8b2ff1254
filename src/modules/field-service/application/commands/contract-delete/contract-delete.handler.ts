import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { ContractDeleteCommand } from './contract-delete.command';

/** Hard-deletes a draft; the ledger keeps its history. */
@CommandHandler(ContractDeleteCommand)
export class ContractDeleteHandler implements ICommandHandler<ContractDeleteCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ContractDeleteCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.delete(),
    );
  }
}
