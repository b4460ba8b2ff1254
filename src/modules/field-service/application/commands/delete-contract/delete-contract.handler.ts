import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { DeleteContractCommand } from './delete-contract.command';

/** Hard-deletes a draft; the ledger keeps its history. */
@CommandHandler(DeleteContractCommand)
export class DeleteContractHandler implements ICommandHandler<DeleteContractCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: DeleteContractCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.delete(),
    );
  }
}
