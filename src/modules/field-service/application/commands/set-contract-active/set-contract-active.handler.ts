import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { SetContractActiveCommand } from './set-contract-active.command';

/** Archives (is_active = false) or restores a contract; an archived contract does not change. */
@CommandHandler(SetContractActiveCommand)
export class SetContractActiveHandler implements ICommandHandler<SetContractActiveCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: SetContractActiveCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => (command.active ? contract.reactivate() : contract.deactivate()),
    );
  }
}
