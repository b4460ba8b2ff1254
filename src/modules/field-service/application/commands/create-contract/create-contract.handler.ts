import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { BillingReferenceNotFoundError } from '../../../domain/billing-values';
import { Contract } from '../../../domain/contract.aggregate';
import { ContractNumberTakenError } from '../../../domain/contract.errors';
import { ContractRepository } from '../../../domain/contract.repository';
import { BillingSourcesReader } from '../../queries/billing-sources.reader';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateContractCommand } from './create-contract.command';

/** A dispatcher drafts a contract for a customer of the tenant, under the number the client gives. */
@CommandHandler(CreateContractCommand)
export class CreateContractHandler implements ICommandHandler<
  CreateContractCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly contracts: ContractRepository,
    private readonly sources: BillingSourcesReader,
  ) {}

  async execute(command: CreateContractCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.db.transaction(async () => {
      const contract = Contract.create({ id: randomUUID(), tenantId, ...command.contract });
      if (!(await this.sources.customerExists(tenantId, contract.snapshot.customerId)))
        throw new BillingReferenceNotFoundError('customerId');
      // The unique constraint settles a race between two creators; this answers the common case early.
      if (await this.contracts.contractNumberExists(tenantId, contract.snapshot.contractNumber))
        throw new ContractNumberTakenError();
      await this.contracts.save(contract);
      return { id: contract.id };
    });
  }
}
