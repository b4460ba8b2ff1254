import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContractRepository } from '../../../domain/contract.repository';
import { ExpireContractCommand } from './expire-contract.command';
import { SystemOnlyError } from '../../../domain/field-service.errors';

/**
 * Runs inside the job's claiming transaction, which already holds the contract's row lock, so
 * the load below never waits and no other worker can be changing the same contract.
 */
@CommandHandler(ExpireContractCommand)
export class ExpireContractHandler implements ICommandHandler<ExpireContractCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly contracts: ContractRepository,
  ) {}

  execute(command: ExpireContractCommand): Promise<void> {
    const { actor } = command;
    if (actor.type !== 'system' || !actor.tenantId) {
      throw new SystemOnlyError('Only the expiry job expires contracts');
    }
    const tenantId = actor.tenantId;
    return this.db.transaction(async () => {
      const contract = await this.contracts.findById(tenantId, command.contractId);
      if (!contract) throw new NotFoundError('contract', command.contractId);
      contract.expire(command.today);
      await this.contracts.save(contract);
    });
  }
}
