import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { utcDate } from '../../../domain/billing-values';
import { ContractChanges } from '../../contract-changes';
import { ActivateContractCommand } from './activate-contract.command';

/** Puts a draft into force, unless its end date has already passed (UTC). */
@CommandHandler(ActivateContractCommand)
export class ActivateContractHandler implements ICommandHandler<ActivateContractCommand, void> {
  constructor(private readonly changes: ContractChanges) {}

  execute(command: ActivateContractCommand): Promise<void> {
    return this.changes.apply(
      command.actor,
      command.contractId,
      command.expectedVersion,
      (contract) => contract.activate(utcDate(new Date())),
    );
  }
}
