import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContractChanges } from '../../contract-changes';
import { ContractSetActiveCommand } from './contract-set-active.command';

/** Archives (is_active = false) or restores a contract; an archived contract does not change. */
@CommandHandler(ContractSetActiveCommand)
export class ContractSetActiveHandler implements ICommandHandler<ContractSetActiveCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ContractSetActiveCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => (command.active ? contract.reactivate() : contract.deactivate()),
    );
  }
}
