import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { utcDate } from '../../../domain/billing-values';
import { ContractChanges } from '../../contract-changes';
import { ContractActivateCommand } from './contract-activate.command';

/** Puts a draft into force, unless its end date has already passed (UTC). */
@CommandHandler(ContractActivateCommand)
export class ContractActivateHandler implements ICommandHandler<ContractActivateCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ContractActivateCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.activate(utcDate(new Date())),
    );
  }
}
